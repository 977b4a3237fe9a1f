using System.Collections.Immutable;

namespace ControlPlane.Policy.Shapes;

/// <summary>
/// One accepted field. The loader accepts exactly the fields declared in <see cref="PolicyShapes"/>, and the JSON
/// Schema is generated from the same tables, so the two cannot drift apart.
/// </summary>
internal sealed record FieldShape(string Name, ValueKind Kind, string Description)
{
    public bool Required { get; init; }

    /// <summary>The field holds a list of <see cref="Kind"/> values.</summary>
    public bool IsList { get; init; }

    public int MinItems { get; init; }

    /// <summary>Duplicates (after normalisation such as lower-casing header names) are errors.</summary>
    public bool UniqueItems { get; init; }

    /// <summary>For <see cref="ValueKind.Object"/>.</summary>
    public ObjectShape? Object { get; init; }

    /// <summary>For <see cref="ValueKind.Enum"/>, in canonical spelling.</summary>
    public ImmutableArray<string> Values { get; init; } = [];

    /// <summary>For <see cref="ValueKind.Enum"/>: also accept lower case (the canonical value is still returned).</summary>
    public bool IgnoreCase { get; init; }

    public long? Minimum { get; init; }

    public long? Maximum { get; init; }

    /// <summary>Value used when the field is absent: a string, bool, long or <c>ImmutableArray&lt;string&gt;</c>, in source syntax.</summary>
    public object? Default { get; init; }
}
