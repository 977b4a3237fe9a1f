using System.Globalization;
using System.Text.Json.Nodes;
using ControlPlane.Policy.Yaml;

namespace ControlPlane.Policy.Tests.Schema;

/// <summary>Converts parsed YAML documents to JSON with the loader's own core-schema typing, for schema validation.</summary>
internal static class YamlToJson
{
    public static IEnumerable<JsonNode?> Documents(string yaml)
    {
        var parsed = YamlDocumentParser.Parse(yaml);
        Assert.Null(parsed.Problem);
        return parsed.Documents.Select(Convert);
    }

    private static JsonNode? Convert(PolicyNode node) => node switch
    {
        MapNode map => new JsonObject(map.Entries.Select(e => KeyValuePair.Create(((ScalarNode)e.Key).Text, Convert(e.Value)))),
        ListNode list => new JsonArray([.. list.Items.Select(Convert)]),
        ScalarNode { Type: ScalarType.Null } => null,
        ScalarNode { Type: ScalarType.Boolean } scalar => JsonValue.Create(CoreSchema.ParseBoolean(scalar.Text)),
        ScalarNode { Type: ScalarType.Integer } scalar => JsonValue.Create(CoreSchema.TryParseInteger(scalar.Text, out var number) ? number : throw new FormatException(scalar.Text)),
        ScalarNode { Type: ScalarType.Float } scalar => JsonValue.Create(double.Parse(scalar.Text, CultureInfo.InvariantCulture)),
        ScalarNode scalar => JsonValue.Create(scalar.Text),
        _ => throw new InvalidOperationException(node.GetType().Name),
    };
}
