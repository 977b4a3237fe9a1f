using System.Collections.Immutable;
using ControlPlane.Ir;
using ControlPlane.Policy.Diagnostics;
using ControlPlane.Policy.Shapes;
using ControlPlane.Policy.Yaml;

namespace ControlPlane.Policy.Reading;

/// <summary>
/// A mapping read against its <see cref="ObjectShape"/>. Opening it checks and converts every field, nested ones
/// included, and reports all problems; the getters then hand out converted values or the shape's defaults.
/// A field the shape does not declare cannot be read, so the shape tables stay the complete list of accepted fields.
/// </summary>
internal sealed class MappingReader
{
    private readonly Dictionary<string, (SourceRef At, object? Value)> fields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourceRef> keys = new(StringComparer.Ordinal);

    // Fields an unknown key probably meant: not also reported as missing.
    private readonly HashSet<string> suggested = new(StringComparer.Ordinal);
    private readonly DiagnosticBag diagnostics;

    private MappingReader(ObjectShape shape, SourceRef at, DiagnosticBag diagnostics)
    {
        Shape = shape;
        At = at;
        this.diagnostics = diagnostics;
    }

    public ObjectShape Shape { get; }

    /// <summary>The mapping itself.</summary>
    public SourceRef At { get; }

    public static MappingReader Open(PolicyNode node, ObjectShape shape, SourceRef at, DiagnosticBag diagnostics)
    {
        var reader = new MappingReader(shape, at, diagnostics);
        if (node is not MapNode map)
        {
            diagnostics.Report(at, $"expected a mapping, got {node.Describe()}");
            return reader;
        }

        var present = new List<string>();
        foreach (var entry in map.Entries)
        {
            if (reader.Accept(entry) is { } name)
            {
                present.Add(name);
            }
        }

        reader.CheckRequired();
        reader.CheckGroups(present);
        return reader;
    }

    /// <summary>An empty reader for a missing or malformed object (already reported): it yields defaults and reports nothing.</summary>
    public static MappingReader Empty(ObjectShape shape, SourceRef at, DiagnosticBag diagnostics) => new(shape, at, diagnostics);

    public bool Has(string field) => fields.ContainsKey(Shape.Get(field).Name);

    /// <summary>Where the field's value is written, or the mapping itself when the field is absent.</summary>
    public SourceRef Where(string field) =>
        fields.TryGetValue(Shape.Get(field).Name, out var entry) ? entry.At : At.Field(field, At.Position);

    /// <summary>Reports a problem with a field's value (or with the mapping, when the field is absent).</summary>
    public void Report(string field, string message) => diagnostics.Report(Where(field), message);

    public string? String(string field) => (string?)Scalar(field);

    public long? Integer(string field) => (long?)Scalar(field);

    public bool? Boolean(string field) => (bool?)Scalar(field);

    public TimeSpan? Duration(string field) => (TimeSpan?)Scalar(field);

    public long? ByteSize(string field) => (long?)Scalar(field);

    public EndpointIr? Endpoint(string field) => (EndpointIr?)Scalar(field);

    public MappingReader Object(string field)
    {
        var shape = Shape.Get(field);
        Require(shape, ValueKind.Object, list: false);
        return fields.TryGetValue(field, out var entry) && entry.Value is MappingReader reader
            ? reader
            : Empty(shape.Object!, Where(field), diagnostics);
    }

    public ImmutableArray<MappingReader> Objects(string field)
    {
        Require(Shape.Get(field), ValueKind.Object, list: true);
        return fields.TryGetValue(field, out var entry) && entry.Value is ImmutableArray<MappingReader> readers ? readers : [];
    }

    /// <summary>A list of scalars, each with its place; the default list when absent.</summary>
    public ImmutableArray<Located<T>> List<T>(string field)
    {
        var shape = Shape.Get(field);
        if (!shape.IsList || shape.Kind is ValueKind.Object or ValueKind.StringMap)
        {
            throw new InvalidOperationException($"{Shape.Name}.{field} is not a list of scalars.");
        }

        if (fields.TryGetValue(field, out var entry))
        {
            return entry.Value is ImmutableArray<Located<object>> items
                ? [.. items.Select(i => new Located<T>((T)i.Value, i.At))]
                : [];
        }

        var defaults = shape.Default is ImmutableArray<string> values ? values : [];
        return [.. defaults.Select(v => new Located<T>((T)ScalarConverter.ConvertDefault(shape, v)!, Where(field)))];
    }

    private string? Accept(MapEntry entry)
    {
        if (entry.Key is not ScalarNode { Type: not ScalarType.Null } key)
        {
            diagnostics.Report(new SourceRef(At.File, entry.Key.Start, At.Path), $"field names must be strings, got {entry.Key.Describe()}");
            return null;
        }

        var at = At.Field(key.Text, key.Start);
        if (Shape.Find(key.Text) is not { } shape)
        {
            var known = Shape.Fields.Select(f => f.Name).ToList();
            var suggestion = NameSuggester.Closest(key.Text, known);
            var hint = suggestion is null ? $"; known fields: {string.Join(", ", known)}" : $" (did you mean '{Quoted.Prefix(suggestion)}'?)";
            diagnostics.Report(at, $"unknown field '{Quoted.Prefix(key.Text)}'{hint}");
            if (suggestion is not null)
            {
                suggested.Add(suggestion);
            }

            return null;
        }

        if (keys.TryGetValue(shape.Name, out var first))
        {
            diagnostics.Report(at, $"duplicate field '{Quoted.Prefix(key.Text)}' (first at {first.Location})");
            return null;
        }

        keys[shape.Name] = at;

        var valueAt = At.Field(shape.Name, entry.Value.Start);
        fields[shape.Name] = (valueAt, FieldValueReader.Read(shape, entry.Value, valueAt, diagnostics));
        return shape.Name;
    }

    private object? Scalar(string field)
    {
        var shape = Shape.Get(field);
        if (shape.IsList || shape.Kind is ValueKind.Object or ValueKind.StringMap)
        {
            throw new InvalidOperationException($"{Shape.Name}.{field} is not a scalar.");
        }

        // An invalid value (already reported) reads as the default: the load fails anyway, and this spares callers null checks.
        if (fields.TryGetValue(field, out var entry) && entry.Value is not null)
        {
            return entry.Value;
        }

        return shape.Default is { } value ? ScalarConverter.ConvertDefault(shape, value) : null;
    }

    private void CheckRequired()
    {
        foreach (var field in Shape.Fields.Where(f => f.Required && !fields.ContainsKey(f.Name) && !suggested.Contains(f.Name)))
        {
            diagnostics.Report(At.Field(field.Name, At.Position), "missing required field");
        }
    }

    private void CheckGroups(List<string> present)
    {
        foreach (var group in Shape.ExactlyOneOf)
        {
            if (!group.Any(present.Contains) && !group.Any(suggested.Contains))
            {
                diagnostics.Report(At, $"set exactly one of: {string.Join(", ", group)}");
            }

            ReportCombined(group, present, "exactly");
        }

        foreach (var group in Shape.AtMostOneOf)
        {
            ReportCombined(group, present, "at most");
        }
    }

    private void ReportCombined(ImmutableArray<string> group, List<string> present, string quantity)
    {
        var set = present.Where(group.Contains).ToList();
        foreach (var extra in set.Skip(1))
        {
            diagnostics.Report(Where(extra), $"'{extra}' cannot be combined with '{set[0]}' (set {quantity} one of: {string.Join(", ", group)})");
        }
    }

    private static void Require(FieldShape shape, ValueKind kind, bool list)
    {
        if (shape.Kind != kind || shape.IsList != list)
        {
            throw new InvalidOperationException($"Field {shape.Name} is {(shape.IsList ? "a list of " : "")}{shape.Kind}.");
        }
    }
}
