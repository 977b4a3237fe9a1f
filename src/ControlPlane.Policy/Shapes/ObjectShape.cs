using System.Collections.Immutable;

namespace ControlPlane.Policy.Shapes;

/// <summary>A mapping's accepted fields and the constraints between them.</summary>
/// <param name="Name">Also the name of its definition in the JSON Schema (<c>#/$defs/Name</c>).</param>
internal sealed record ObjectShape(string Name, string Description, ImmutableArray<FieldShape> Fields)
{
    /// <summary>Groups of fields of which exactly one must be set.</summary>
    public ImmutableArray<ImmutableArray<string>> ExactlyOneOf { get; init; } = [];

    /// <summary>Groups of fields of which at most one may be set.</summary>
    public ImmutableArray<ImmutableArray<string>> AtMostOneOf { get; init; } = [];

    public FieldShape? Find(string name) => Fields.FirstOrDefault(f => f.Name == name);

    /// <summary>The field the reading code asks for; asking for an undeclared one is a programming error.</summary>
    public FieldShape Get(string name) =>
        Find(name) ?? throw new InvalidOperationException($"Field '{name}' is not declared in shape {Name}.");
}
