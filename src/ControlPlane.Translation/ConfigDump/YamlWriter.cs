using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ControlPlane.Translation.ConfigDump;

/// <summary>
/// Writes a JSON tree as block YAML. A string stays plain only when no YAML reader could take it for anything else;
/// otherwise it is written as a JSON string, which is also a valid YAML double-quoted scalar. Envoy turns YAML into
/// JSON before parsing the proto, so an unquoted <c>true</c> or <c>8080</c> meant as a string would be rejected.
/// </summary>
internal static class YamlWriter
{
    private static readonly JsonSerializerOptions QuotingOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly System.Collections.Frozen.FrozenSet<string> ReservedWords = System.Collections.Frozen.FrozenSet.ToFrozenSet(
        ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"], StringComparer.OrdinalIgnoreCase);

    public static string Write(JsonNode node)
    {
        var yaml = new StringBuilder();
        WriteBlock(yaml, node, indent: 0);
        return yaml.ToString();
    }

    /// <summary>Writes a value that starts on a fresh line at <paramref name="indent"/>.</summary>
    private static void WriteBlock(StringBuilder yaml, JsonNode? node, int indent)
    {
        switch (node)
        {
            case JsonObject { Count: > 0 } map:
                var first = true;
                foreach (var (key, value) in map)
                {
                    if (!first)
                    {
                        yaml.Append(' ', indent);
                    }

                    first = false;
                    yaml.Append(Scalar(key)).Append(':');
                    WriteValue(yaml, value, indent, inSequence: false);
                }

                break;
            case JsonArray { Count: > 0 } list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        yaml.Append(' ', indent);
                    }

                    yaml.Append('-');
                    WriteValue(yaml, list[i], indent, inSequence: true);
                }

                break;
            default:
                yaml.Append(Inline(node)).Append('\n');
                break;
        }
    }

    /// <summary>Writes what follows <c>key:</c> or <c>-</c>.</summary>
    private static void WriteValue(StringBuilder yaml, JsonNode? value, int indent, bool inSequence)
    {
        switch (value)
        {
            // A map inside a sequence starts on the dash's line ("- name: x"), its other keys aligned under the first.
            case JsonObject { Count: > 0 } when inSequence:
                yaml.Append(' ');
                WriteBlock(yaml, value, indent + 2);
                break;
            case JsonObject { Count: > 0 }:
                yaml.Append('\n').Append(' ', indent + 2);
                WriteBlock(yaml, value, indent + 2);
                break;

            // A sequence under a key sits at the key's own indentation, as in Envoy's examples.
            case JsonArray { Count: > 0 }:
                var childIndent = inSequence ? indent + 2 : indent;
                yaml.Append('\n').Append(' ', childIndent);
                WriteBlock(yaml, value, childIndent);
                break;
            default:
                yaml.Append(' ').Append(Inline(value)).Append('\n');
                break;
        }
    }

    private static string Inline(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => Scalar(value.GetValue<string>()),
        _ => node.ToJsonString(),
    };

    private static string Scalar(string text) => IsPlainSafe(text) ? text : JsonSerializer.Serialize(text, QuotingOptions);

    /// <summary>
    /// Letters, digits and <c>_ . / : @ + -</c> only, starting with a letter, <c>_</c> or <c>/</c> and not ending with
    /// <c>:</c>: no number, boolean, null, indicator, comment or <c>key: value</c> can hide in such a string.
    /// </summary>
    private static bool IsPlainSafe(string text)
    {
        if (text.Length == 0 || ReservedWords.Contains(text) || text[^1] == ':')
        {
            return false;
        }

        if (!(char.IsAsciiLetter(text[0]) || text[0] is '_' or '/'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '/' or ':' or '@' or '+' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
