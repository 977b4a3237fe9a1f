using ControlPlane.Policy.Diagnostics;
using ControlPlane.Policy.Model;
using ControlPlane.Policy.Shapes;
using ControlPlane.Policy.Yaml;

namespace ControlPlane.Policy.Reading;

/// <summary>Reads one YAML document: picks the shape by <c>kind</c>, then hands off to the kind's reader.</summary>
internal static class DocumentReader
{
    public static void Read(string file, PolicyNode root, DiagnosticBag diagnostics, ICollection<GatewayModel> gateways, ICollection<PolicyModel> policies)
    {
        var at = new SourceRef(file, root.Start, "");
        if (root is not MapNode map)
        {
            diagnostics.Report(at, $"expected a policy document (a mapping with apiVersion, kind, metadata and spec), got {root.Describe()}");
            return;
        }

        if (SelectShape(map, at, diagnostics) is not { } shape)
        {
            return;
        }

        var errorsBefore = diagnostics.Count;
        var document = MappingReader.Open(map, shape, at, diagnostics);
        var metadata = document.Object("metadata");
        var name = metadata.String("name") ?? "";
        var nameAt = metadata.Where("name");
        var spec = document.Object("spec");
        if (shape == PolicyShapes.GatewayDocument)
        {
            var gateway = GatewayReader.Read(name, nameAt, spec);
            gateways.Add(gateway with { Clean = diagnostics.Count == errorsBefore });
        }
        else
        {
            var policy = PolicyReader.Read(name, nameAt, spec);
            policies.Add(policy with { Clean = diagnostics.Count == errorsBefore });
        }
    }

    private static ObjectShape? SelectShape(MapNode map, SourceRef at, DiagnosticBag diagnostics)
    {
        var kinds = PolicyShapes.Documents.Select(d => d.Name).ToList();
        var entry = map.Entries.FirstOrDefault(e => e.Key is ScalarNode { Text: "kind" });
        if (entry is null)
        {
            diagnostics.Report(at.Field("kind", at.Position), $"missing required field (one of: {string.Join(", ", kinds)})");
            return null;
        }

        var kindAt = at.Field("kind", entry.Value.Start);
        if (entry.Value is not ScalarNode { Type: ScalarType.String } kind)
        {
            diagnostics.Report(kindAt, $"expected one of: {string.Join(", ", kinds)}, got {entry.Value.Describe()}");
            return null;
        }

        var shape = PolicyShapes.Documents.FirstOrDefault(d => d.Name == kind.Text);
        if (shape is null)
        {
            diagnostics.Report(kindAt, $"unknown kind '{Quoted.Prefix(kind.Text)}'; expected one of: {string.Join(", ", kinds)}{NameSuggester.Hint(kind.Text, kinds)}");
        }

        return shape;
    }
}
