using System.Collections.Immutable;
using ControlPlane.Policy.Diagnostics;
using ControlPlane.Policy.Shapes;
using ControlPlane.Policy.Yaml;

namespace ControlPlane.Policy.Reading;

/// <summary>
/// Converts one field's value as its <see cref="FieldShape"/> says: a scalar, a list (with size and uniqueness
/// checks), a nested mapping or a string map. Reports problems and returns null for what cannot be converted.
/// </summary>
internal static class FieldValueReader
{
    public static object? Read(FieldShape shape, PolicyNode node, SourceRef at, DiagnosticBag diagnostics)
    {
        if (shape.IsList)
        {
            return ReadList(shape, node, at, diagnostics);
        }

        return shape.Kind switch
        {
            ValueKind.Object => MappingReader.Open(node, shape.Object!, at, diagnostics),
            ValueKind.StringMap => CheckStringMap(node, at, diagnostics),
            _ => ScalarConverter.Convert(shape, node, at, diagnostics),
        };
    }

    private static object? ReadList(FieldShape shape, PolicyNode node, SourceRef at, DiagnosticBag diagnostics)
    {
        if (node is not ListNode list)
        {
            diagnostics.Report(at, $"expected a list of {Plural(shape)}, got {node.Describe()}");
            return null;
        }

        if (list.Items.Length < shape.MinItems)
        {
            diagnostics.Report(at, shape.MinItems == 1 ? "must not be empty" : $"needs at least {shape.MinItems} items");
        }

        var items = list.Items.Select((item, index) => (Node: item, At: at.Item(index, item.Start)));
        if (shape.Kind == ValueKind.Object)
        {
            return items.Select(i => MappingReader.Open(i.Node, shape.Object!, i.At, diagnostics)).ToImmutableArray();
        }

        var values = ImmutableArray.CreateBuilder<Located<object>>();

        // A dictionary, not a scan of the values so far: a list may hold 100,000 items.
        var firstAt = new Dictionary<object, SourceRef>();
        foreach (var (item, itemAt) in items)
        {
            if (ScalarConverter.Convert(shape, item, itemAt, diagnostics) is not { } value)
            {
                continue;
            }

            if (shape.UniqueItems && !firstAt.TryAdd(value, itemAt))
            {
                diagnostics.Report(itemAt, $"duplicate value '{Quoted.Prefix(value.ToString() ?? "")}' (first at {firstAt[value].Location})");
                continue;
            }

            values.Add(new Located<object>(value, itemAt));
        }

        return values.ToImmutable();
    }

    private static object? CheckStringMap(PolicyNode node, SourceRef at, DiagnosticBag diagnostics)
    {
        if (node is not MapNode map)
        {
            diagnostics.Report(at, $"expected a mapping of strings, got {node.Describe()}");
            return null;
        }

        foreach (var (key, value) in map.Entries.Select(e => (e.Key, e.Value)))
        {
            if (value is not ScalarNode { Type: ScalarType.String })
            {
                var name = key is ScalarNode scalar ? scalar.Text : "?";
                diagnostics.Report(at.Field(name, value.Start), $"expected a string, got {value.Describe()}");
            }
        }

        return null;
    }

    private static string Plural(FieldShape shape) => shape.Kind switch
    {
        ValueKind.Object => "mappings",
        ValueKind.Enum => "values (" + string.Join(", ", shape.Values) + ")",
        ValueKind.Name => "names",
        ValueKind.HeaderName => "header names",
        ValueKind.HostPort => "host:port addresses",
        ValueKind.HostPattern => "host names",
        _ => "values",
    };
}
