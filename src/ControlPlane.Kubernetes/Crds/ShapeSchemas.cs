using System.Collections.Immutable;
using System.Globalization;
using ControlPlane.Policy.Shapes;
using ControlPlane.Policy.Values;
using k8s.Models;

namespace ControlPlane.Kubernetes.Crds;

/// <summary>
/// The policy layer's field tables rendered as a Kubernetes structural schema (what the API server validates a custom
/// resource against). It differs from the JSON Schema on purpose: everything inline (no <c>$ref</c>), a <c>type</c>
/// on every node, no <c>default</c> (the API server would write defaults into the stored object, which then differs
/// from the file in git; the loader applies them instead, and the description says them), sets as
/// <c>x-kubernetes-list-type: set</c> (<c>uniqueItems</c> is refused in CRDs), and byte sizes as int-or-string.
/// </summary>
internal static class ShapeSchemas
{
    public static V1JSONSchemaProps Object(ObjectShape shape, string? description = null)
    {
        var schema = new V1JSONSchemaProps
        {
            Type = "object",
            Description = description ?? shape.Description,
            Properties = shape.Fields.ToDictionary(f => f.Name, Field),
        };
        var required = shape.Fields.Where(f => f.Required).Select(f => f.Name).ToList();
        if (required.Count > 0)
        {
            schema.Required = required;
        }

        foreach (var group in shape.ExactlyOneOf)
        {
            schema.OneOf = [.. group.Select(name => new V1JSONSchemaProps { Required = [name] })];
        }

        foreach (var group in shape.AtMostOneOf)
        {
            schema.Not = new V1JSONSchemaProps { Required = [.. group] };
        }

        return schema;
    }

    private static V1JSONSchemaProps Field(FieldShape field)
    {
        var value = Value(field);
        if (!field.IsList)
        {
            value.Description = Described(field);
            return value;
        }

        var list = new V1JSONSchemaProps { Type = "array", Items = value, Description = Described(field) };
        if (field.MinItems > 0)
        {
            list.MinItems = field.MinItems;
        }

        if (field.UniqueItems && value.Type is "string" or "integer")
        {
            list.XKubernetesListType = "set";
        }

        return list;
    }

    private static string Described(FieldShape field) => field.Default switch
    {
        null => field.Description,
        ImmutableArray<string> { IsEmpty: true } => $"{field.Description} Default: none.",
        ImmutableArray<string> list => $"{field.Description} Default: [{string.Join(", ", list)}].",
        bool flag => $"{field.Description} Default: {(flag ? "true" : "false")}.",
        long number => $"{field.Description} Default: {number.ToString(CultureInfo.InvariantCulture)}.",
        var other => $"{field.Description} Default: {other}.",
    };

    private static V1JSONSchemaProps Value(FieldShape field) => field.Kind switch
    {
        ValueKind.String => new() { Type = "string" },
        ValueKind.Boolean => new() { Type = "boolean" },
        ValueKind.Integer => new() { Type = "integer", Minimum = field.Minimum, Maximum = field.Maximum },
        ValueKind.Enum => new()
        {
            Type = "string",
            EnumProperty = [.. (field.IgnoreCase ? field.Values.Concat(field.Values.Select(v => v.ToLowerInvariant())).Distinct() : field.Values).Cast<object>()],
        },
        ValueKind.Object => Object(field.Object!),
        ValueKind.StringMap => new() { Type = "object", AdditionalProperties = new V1JSONSchemaProps { Type = "string" } },
        ValueKind.Name => new() { Type = "string", Pattern = ValueSyntax.NamePattern, MaxLength = 253 },
        ValueKind.HeaderName => Pattern(ValueSyntax.HeaderNamePattern),
        ValueKind.HostPort => Pattern(ValueSyntax.HostPortPattern),
        ValueKind.IpAddress => Pattern(ValueSyntax.IpAddressPattern),
        ValueKind.Duration => Pattern(ValueSyntax.DurationPattern),
        ValueKind.Path => Pattern(ValueSyntax.PathPattern),
        ValueKind.HostPattern => Pattern(ValueSyntax.HostPatternPattern),
        ValueKind.FieldPath => Pattern(ValueSyntax.FieldPathPattern),
        ValueKind.Regex => new() { Type = "string", MinLength = 1 },
        // No maximum: KubernetesClient reads CRD numbers as single precision, and 2^32-1 would not survive; the loader checks it.
        ValueKind.ByteSize => new()
        {
            XKubernetesIntOrString = true,
            AnyOf =
            [
                new V1JSONSchemaProps { Type = "integer", Minimum = 1 },
                new V1JSONSchemaProps { Type = "string", Pattern = ValueSyntax.ByteSizePattern },
            ],
        },
        _ => throw new InvalidOperationException($"No CRD schema for {field.Kind} ({field.Name})."),
    };

    private static V1JSONSchemaProps Pattern(string pattern) => new() { Type = "string", Pattern = pattern };
}
