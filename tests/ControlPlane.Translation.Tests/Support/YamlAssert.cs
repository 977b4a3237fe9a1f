using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ControlPlane.Translation.Tests.Support;

/// <summary>
/// Reads YAML with an independent parser and types plain scalars the way a YAML 1.2 reader (and Envoy) would, so a
/// string written without quotes that reads back as a number or boolean fails the comparison.
/// </summary>
internal static partial class YamlAssert
{
    public static void EquivalentToJson(string json, string yaml)
    {
        var expected = JsonNode.Parse(json);
        var documents = Parse(yaml);
        var actual = expected is JsonArray && yaml.StartsWith("---", StringComparison.Ordinal)
            ? new JsonArray([.. documents])
            : Assert.Single(documents);

        Assert.True(JsonNode.DeepEquals(expected, actual), $"YAML reads back differently:\n{actual?.ToJsonString()}");
    }

    public static List<JsonNode?> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(d => ToJson(d.RootNode))];
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => Plain(scalar.Value!),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType}."),
    };

    private static JsonNode? Plain(string text) => text switch
    {
        "null" or "~" or "Null" or "NULL" => null,
        "true" or "True" or "TRUE" => JsonValue.Create(true),
        "false" or "False" or "FALSE" => JsonValue.Create(false),
        _ when Number().IsMatch(text) => JsonNode.Parse(text),
        _ => JsonValue.Create(text),
    };

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex Number();
}
