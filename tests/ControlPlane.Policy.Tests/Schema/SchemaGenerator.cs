using System.Collections.Immutable;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Policy.Shapes;
using ControlPlane.Policy.Values;

namespace ControlPlane.Policy.Tests.Schema;

/// <summary>
/// Renders the loader's field tables (<see cref="PolicyShapes"/>) as JSON Schema 2020-12. The checked-in
/// <c>src/ControlPlane.Policy/Schema/policy.schema.json</c> must equal this output, so a field added to the loader
/// without the schema (or the reverse) fails a test.
/// </summary>
internal static class SchemaGenerator
{
    private static readonly JsonSerializerOptions Output = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Generate()
    {
        var shapes = CollectShapes();
        var kinds = shapes.SelectMany(s => s.Fields).Select(f => f.Kind).Distinct().Where(k => ValueDefinition(k) is not null).Order().ToList();
        var definitions = new JsonObject();
        foreach (var shape in shapes)
        {
            definitions[shape.Name] = ObjectDefinition(shape);
        }

        foreach (var kind in kinds)
        {
            definitions[DefinitionName(kind)] = ValueDefinition(kind);
        }

        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "https://idempotency.gateway/schemas/v1alpha1/policy.schema.json",
            ["title"] = "Idempotency gateway policy document",
            ["description"] = "Generated from the loader's field tables (PolicyShapes) by the ControlPlane.Policy tests; "
                + "edit PolicyShapes, then run the tests with UPDATE_GOLDEN=1.",
            ["type"] = "object",
            ["required"] = Strings(["apiVersion", "kind"]),
            ["properties"] = new JsonObject
            {
                ["kind"] = new JsonObject { ["enum"] = Strings(PolicyShapes.Documents.Select(d => d.Name)) },
            },
            ["allOf"] = new JsonArray([.. PolicyShapes.Documents.Select(KindDispatch)]),
            ["$defs"] = definitions,
        };
        return schema.ToJsonString(Output) + "\n";
    }

    /// <summary>Every object shape reachable from the document shapes, parents before children.</summary>
    private static List<ObjectShape> CollectShapes()
    {
        var shapes = new List<ObjectShape>();
        void Visit(ObjectShape shape)
        {
            if (shapes.Contains(shape))
            {
                return;
            }

            shapes.Add(shape);
            foreach (var nested in shape.Fields.Select(f => f.Object).OfType<ObjectShape>())
            {
                Visit(nested);
            }
        }

        foreach (var document in PolicyShapes.Documents)
        {
            Visit(document);
        }

        return shapes;
    }

    private static JsonObject KindDispatch(ObjectShape document) => new()
    {
        ["if"] = new JsonObject
        {
            ["properties"] = new JsonObject { ["kind"] = new JsonObject { ["const"] = document.Name } },
            ["required"] = Strings(["kind"]),
        },
        ["then"] = Reference(document.Name),
    };

    private static JsonObject ObjectDefinition(ObjectShape shape)
    {
        var definition = new JsonObject
        {
            ["description"] = shape.Description,
            ["type"] = "object",
            ["additionalProperties"] = false,
        };
        var required = shape.Fields.Where(f => f.Required).Select(f => f.Name).ToList();
        if (required.Count > 0)
        {
            definition["required"] = Strings(required);
        }

        var properties = new JsonObject();
        foreach (var field in shape.Fields)
        {
            properties[field.Name] = Property(field);
        }

        definition["properties"] = properties;
        foreach (var group in shape.ExactlyOneOf)
        {
            definition["oneOf"] = new JsonArray([.. group.Select(name => new JsonObject { ["required"] = Strings([name]) })]);
        }

        foreach (var group in shape.AtMostOneOf)
        {
            // Only pairs occur; "not both" is then exact.
            Assert.Equal(2, group.Length);
            definition["not"] = new JsonObject { ["required"] = Strings(group) };
        }

        return definition;
    }

    private static JsonObject Property(FieldShape field)
    {
        var value = ValueSchema(field);
        var property = field.IsList
            ? new JsonObject { ["type"] = "array", ["items"] = value }
            : value;
        if (field.IsList && field.MinItems > 0)
        {
            property["minItems"] = field.MinItems;
        }

        if (field.UniqueItems)
        {
            property["uniqueItems"] = true;
        }

        property["description"] = field.Description;
        if (field.Default is { } defaultValue)
        {
            property["default"] = defaultValue switch
            {
                ImmutableArray<string> list => Strings(list),
                string text => JsonValue.Create(text),
                bool flag => JsonValue.Create(flag),
                long number => JsonValue.Create(number),
                _ => throw new InvalidOperationException($"Unsupported default {defaultValue.GetType()} on {field.Name}."),
            };
        }

        return property;
    }

    private static JsonObject ValueSchema(FieldShape field) => field.Kind switch
    {
        ValueKind.String => new JsonObject { ["type"] = "string" },
        ValueKind.Boolean => new JsonObject { ["type"] = "boolean" },
        ValueKind.Integer => IntegerSchema(field),
        ValueKind.Enum => new JsonObject
        {
            ["enum"] = Strings(field.IgnoreCase ? field.Values.Concat(field.Values.Select(v => v.ToLowerInvariant())).Distinct() : field.Values),
        },
        ValueKind.Object => Reference(field.Object!.Name),
        ValueKind.StringMap => new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string" } },
        _ => Reference(DefinitionName(field.Kind)),
    };

    private static JsonObject IntegerSchema(FieldShape field)
    {
        var schema = new JsonObject { ["type"] = "integer" };
        if (field.Minimum is { } minimum)
        {
            schema["minimum"] = minimum;
        }

        if (field.Maximum is { } maximum)
        {
            schema["maximum"] = maximum;
        }

        return schema;
    }

    private static JsonObject? ValueDefinition(ValueKind kind) => kind switch
    {
        ValueKind.Name => Pattern(ValueSyntax.NamePattern, "Lower-case letters, digits, '-' and '.', starting and ending with a letter or digit.", maxLength: 253),
        ValueKind.HeaderName => Pattern(ValueSyntax.HeaderNamePattern, "An HTTP header name (case-insensitive)."),
        ValueKind.HostPort => Pattern(ValueSyntax.HostPortPattern, "host:port or [ipv6]:port, e.g. 127.0.0.1:9000, api.internal:443, [::1]:9000."),
        ValueKind.IpAddress => Pattern(ValueSyntax.IpAddressPattern, "An IPv4 or IPv6 address without brackets, e.g. 0.0.0.0 or ::."),
        ValueKind.Duration => Pattern(ValueSyntax.DurationPattern, "A positive duration with units h, m, s, ms: 200ms, 30s, 5m, 24h, 1h30m."),
        ValueKind.ByteSize => new JsonObject
        {
            ["description"] = "Bytes: an integer, or a string with a binary suffix Ki, Mi, Gi (512Ki, 1Mi).",
            ["oneOf"] = new JsonArray(
                new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = ByteSize.Max },
                new JsonObject { ["type"] = "string", ["pattern"] = ValueSyntax.ByteSizePattern }),
        },
        ValueKind.Regex => new JsonObject
        {
            ["description"] = "A regular expression in RE2 syntax (no lookarounds or backreferences); matches the whole value.",
            ["type"] = "string",
            ["minLength"] = 1,
        },
        ValueKind.Path => Pattern(ValueSyntax.PathPattern, "An absolute path without query or fragment."),
        ValueKind.HostPattern => Pattern(ValueSyntax.HostPatternPattern, "'*', a host name, or '*.' followed by a host name; no port."),
        ValueKind.FieldPath => Pattern(ValueSyntax.FieldPathPattern, "A JSON field path: names separated by '.'."),
        _ => null,
    };

    private static string DefinitionName(ValueKind kind) => JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());

    private static JsonObject Pattern(string pattern, string description, int? maxLength = null)
    {
        var schema = new JsonObject { ["description"] = description, ["type"] = "string", ["pattern"] = pattern };
        if (maxLength is { } max)
        {
            schema["maxLength"] = max;
        }

        return schema;
    }

    private static JsonObject Reference(string definition) => new() { ["$ref"] = $"#/$defs/{definition}" };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => JsonValue.Create(v))]);
}
