using System.Globalization;
using ControlPlane.Ir;
using Envoy.Config.Core.V3;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using static Envoy.Extensions.Filters.Http.ExtProc.V3.ProcessingMode.Types;

namespace ControlPlane.Translation.Routes;

/// <summary>The per-route ext_proc config that switches the (disabled) enforcement filter on for one rule.</summary>
internal static class EnforcementPerRoute
{
    /// <summary>
    /// Besides the rule, the route tells the service its failure mode and Envoy's message timeout: a replica that does
    /// not know the rule (stale or failed load, a removed policy) must still fail as the route says, and the service
    /// must answer before Envoy's timer fires.
    /// </summary>
    public static ExtProcPerRoute Build(IdempotencyRuleIr rule, string routeName, TimeSpan? messageTimeout)
    {
        var overrides = new ExtProcOverrides
        {
            ProcessingMode = ProcessingModeFor(rule),
            GrpcInitialMetadata =
            {
                Metadata(EnforcementContract.RuleMetadataHeader, rule.Name),
                Metadata(EnforcementContract.RouteMetadataHeader, routeName),
                Metadata(
                    EnforcementContract.FailureModeMetadataHeader,
                    rule.FailureMode == FailureMode.Open ? EnforcementContract.FailureModeOpen : EnforcementContract.FailureModeClosed),
            },
        };
        if (messageTimeout is { } timeout)
        {
            overrides.GrpcInitialMetadata.Add(Metadata(
                EnforcementContract.MessageTimeoutMetadataHeader, ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)));
        }

        return new ExtProcPerRoute { Overrides = overrides };
    }

    /// <summary>
    /// A per-route processing mode replaces the filter's whole mode, so all six fields are set. The response body is
    /// always buffered because a stored response is replayed whole; the service skips that phase itself (mode override)
    /// when it will not store.
    /// </summary>
    public static ProcessingMode ProcessingModeFor(IdempotencyRuleIr rule) => new()
    {
        RequestHeaderMode = HeaderSendMode.Send,
        ResponseHeaderMode = HeaderSendMode.Send,
        RequestBodyMode = rule.NeedsRequestBody ? BodySendMode.Buffered : BodySendMode.None,
        ResponseBodyMode = BodySendMode.Buffered,
        RequestTrailerMode = HeaderSendMode.Skip,
        ResponseTrailerMode = HeaderSendMode.Skip,
    };

    /// <summary>
    /// gRPC initial metadata goes through Envoy's async gRPC client, which reads <c>value</c> (unlike ext_proc header
    /// mutations, which read <c>raw_value</c>).
    /// </summary>
    private static HeaderValue Metadata(string key, string value) => new() { Key = key, Value = value };
}
