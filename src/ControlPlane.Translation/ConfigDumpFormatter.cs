using System.Text;
using System.Text.Json.Nodes;
using ControlPlane.Translation.ConfigDump;

namespace ControlPlane.Translation;

/// <summary>
/// Prints translated resources the way Envoy's config dump does (proto field names, <c>@type</c> on every resource
/// and nested <c>Any</c>), grouped by type in CDS, EDS, LDS, RDS order. Deterministic: equal resources, equal text.
/// </summary>
public static class ConfigDumpFormatter
{
    public static string Format(GatewayResources resources, ConfigFormat format)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return EnvoyJson.Render(ToNode(resources), format);
    }

    /// <summary>Several gateways: a JSON array, or one YAML document per gateway.</summary>
    public static string Format(IEnumerable<GatewayResources> gateways, ConfigFormat format)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        return Format(gateways.Select(ToNode), format);
    }

    /// <summary>
    /// Gateways with the versions Envoy is sent for them (<c>render</c>): always a JSON array, or one YAML document per
    /// gateway, each with <c>version</c> and <c>versions</c> (per type) after its name.
    /// </summary>
    public static string Format(IEnumerable<VersionedGatewayResources> gateways, ConfigFormat format)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        return Format(gateways.Select(ToNode), format);
    }

    private static string Format(IEnumerable<JsonObject> gateways, ConfigFormat format)
    {
        if (format == ConfigFormat.Json)
        {
            return EnvoyJson.Write(new JsonArray([.. gateways]));
        }

        var yaml = new StringBuilder();
        foreach (var gateway in gateways)
        {
            yaml.Append("---\n").Append(EnvoyJson.Render(gateway, format));
        }

        return yaml.ToString();
    }

    private static JsonObject ToNode(VersionedGatewayResources gateway)
    {
        var node = new JsonObject
        {
            ["gateway"] = gateway.Resources.GatewayName,
            ["version"] = gateway.Version,
            ["versions"] = new JsonObject([.. gateway.Versions.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value))]),
        };
        foreach (var (name, section) in ToNode(gateway.Resources).Where(p => p.Key != "gateway").ToList())
        {
            node[name] = section?.DeepClone();
        }

        return node;
    }

    private static JsonObject ToNode(GatewayResources resources) => new()
    {
        ["gateway"] = resources.GatewayName,
        ["clusters"] = Section(resources.Clusters),
        ["cluster_load_assignments"] = Section(resources.ClusterLoadAssignments),
        ["listeners"] = Section(resources.Listeners),
        ["route_configurations"] = Section(resources.RouteConfigurations),
    };

    private static JsonArray Section(IEnumerable<EnvoyResource> resources) =>
        new([.. resources.Select(r => (JsonNode)EnvoyJson.ToNode(r.Message, withType: true))]);
}
