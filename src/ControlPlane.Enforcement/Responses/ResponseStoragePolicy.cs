using ControlPlane.Enforcement.Rules;
using ControlPlane.Ir;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf.WellKnownTypes;

namespace ControlPlane.Enforcement.Responses;

/// <summary>Decides whether a response is stored for replay or its claim released.</summary>
internal static class ResponseStoragePolicy
{
    public const string ViaUpstream = "via_upstream";

    /// <param name="codeDetails">Envoy's <c>response.code_details</c>; null when Envoy did not send it (taken as upstream).</param>
    public static StorageVerdict Decide(CompiledRule rule, int status, string? contentType, string? codeDetails)
    {
        if (codeDetails is not null && codeDetails != ViaUpstream)
        {
            return StorageVerdict.LocalReply;
        }

        if (contentType is not null && contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
        {
            return StorageVerdict.Grpc;
        }

        return rule.StoresStatusClass(status) ? StorageVerdict.Store : StorageVerdict.StatusClassNotStored;
    }

    /// <summary>The response code details from the attributes of a response-phase message, if Envoy sent them.</summary>
    public static string? CodeDetails(ProcessingRequest message) =>
        CodeDetails(message.Attributes) ?? (message.ResponseHeaders is { } headers ? CodeDetails(headers.Attributes) : null);

    private static string? CodeDetails(Google.Protobuf.Collections.MapField<string, Struct> attributes) =>
        attributes.TryGetValue(EnforcementContract.AttributesKey, out var fields)
        && fields.Fields.TryGetValue(EnforcementContract.ResponseCodeDetailsAttribute, out var value)
        && value.KindCase == Value.KindOneofCase.StringValue
            ? value.StringValue
            : null;
}
