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
        if (format == ConfigFormat.Json)
        {
            return EnvoyJson.Write(new JsonArray([.. gateways.Select(ToNode)]));
        }

        var yaml = new StringBuilder();
        foreach (var gateway in gateways)
        {
            yaml.Append("---\n").Append(EnvoyJson.Render(ToNode(gateway), format));
        }

        return yaml.ToString();
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
