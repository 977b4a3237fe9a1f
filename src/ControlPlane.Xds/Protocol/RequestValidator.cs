using Envoy.Config.Core.V3;
using Grpc.Core;

namespace ControlPlane.Xds.Protocol;

/// <summary>Turns malformed requests into a clear InvalidArgument that ends only the offending stream.</summary>
internal sealed class RequestValidator(XdsServerOptions options)
{
    public (string NodeId, string Group) ValidateNode(Node? node)
    {
        if (node is null || node.Id.Length == 0)
        {
            throw Invalid("the first request of a stream must carry node.id");
        }

        if (node.Cluster.Length == 0)
        {
            throw Invalid($"node '{Truncate(node.Id)}' has no node.cluster; it names the gateway whose config the node receives");
        }

        CheckLength("node.id", node.Id);
        CheckLength("node.cluster", node.Cluster);
        return (node.Id, node.Cluster);
    }

    /// <summary>Resolves an empty type URL to the per-type service's own type and refuses unknown or foreign ones.</summary>
    public string ValidateTypeUrl(string typeUrl, string? serviceType)
    {
        if (typeUrl.Length == 0)
        {
            return serviceType ?? throw Invalid("type_url is required on the aggregated (ADS) stream");
        }

        var index = ResourceTypes.IndexOf(typeUrl);
        if (index < 0)
        {
            throw Invalid($"unknown type_url '{Truncate(typeUrl)}'; this server serves {string.Join(", ", ResourceTypes.AdditionOrder)}");
        }

        if (serviceType is not null && typeUrl != serviceType)
        {
            throw Invalid($"type_url '{typeUrl}' sent to the {ResourceTypes.ShortName(serviceType)} service");
        }

        // The shared constant, not the request's copy: streams keep it as long as they live.
        return ResourceTypes.AdditionOrder[index];
    }

    /// <summary>A version the client states (SotW version_info, delta initial_resource_versions): ours are short hashes.</summary>
    public void ValidateVersion(string field, string version) => CheckLength(field, version);

    public void ValidateNames(string field, IReadOnlyCollection<string> names)
    {
        if (names.Count > options.MaxResourceNamesPerRequest)
        {
            throw Invalid($"{field} lists {names.Count} names; at most {options.MaxResourceNamesPerRequest} are accepted");
        }

        foreach (var name in names)
        {
            CheckLength(field, name);
        }
    }

    public RpcException MessageTooLarge() =>
        Invalid($"request message exceeds the limit of {options.MaxRequestBytes} bytes ({XdsServerOptions.Section}:{nameof(XdsServerOptions.MaxRequestBytes)})");

    /// <summary>The parser's own words say what was wrong (a truncated field, a bad wire type, invalid UTF-8).</summary>
    public static RpcException Malformed(Google.Protobuf.InvalidProtocolBufferException parse) =>
        Invalid($"request is not a valid xDS request message: {parse.Message}");

    public string TooManyUnknownGroups(string group) =>
        $"node.cluster '{Truncate(group)}' names no published gateway, and {options.MaxUnknownGroups} such groups are waited on already ({XdsServerOptions.Section}:{nameof(XdsServerOptions.MaxUnknownGroups)})";

    private void CheckLength(string field, string value)
    {
        if (value.Length > options.MaxNameLength)
        {
            throw Invalid($"{field} entry of {value.Length} characters exceeds the limit of {options.MaxNameLength}");
        }
    }

    public static string Truncate(string value, int length = 80) => value.Length <= length ? value : value[..length] + "…";

    private static RpcException Invalid(string message) => new(new Grpc.Core.Status(StatusCode.InvalidArgument, message));
}
