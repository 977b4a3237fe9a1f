using System.Collections.Immutable;

namespace ControlPlane.Policy.Yaml;

/// <summary>1-based line and column of a node's first character.</summary>
internal readonly record struct SourcePosition(int Line, int Column);

/// <summary>
/// A parsed YAML node. We build our own small tree from YamlDotNet's parser events (rather than YamlStream) so that
/// duplicate keys are reported instead of aborting the file and every node keeps its position.
/// </summary>
internal abstract record PolicyNode(SourcePosition Start)
{
    /// <summary>What the node is, as an error message says it: "a string", "a list", …</summary>
    public abstract string Describe();
}

/// <summary>How a scalar resolves under the YAML 1.2 core schema (quoted scalars are always strings).</summary>
internal enum ScalarType
{
    Null,
    Boolean,
    Integer,
    Float,
    String,
}

internal sealed record ScalarNode(SourcePosition Start, string Text, ScalarType Type) : PolicyNode(Start)
{
    public override string Describe() => Type switch
    {
        ScalarType.Null => "null",
        ScalarType.Boolean => "a boolean",
        ScalarType.Integer => "an integer",
        ScalarType.Float => "a number",
        _ => "a string",
    };
}

internal sealed record ListNode(SourcePosition Start, ImmutableArray<PolicyNode> Items) : PolicyNode(Start)
{
    public override string Describe() => "a list";
}

/// <summary>Entries in source order; duplicate keys are kept so the reader can report them.</summary>
internal sealed record MapNode(SourcePosition Start, ImmutableArray<MapEntry> Entries) : PolicyNode(Start)
{
    public override string Describe() => "a mapping";
}

internal sealed record MapEntry(PolicyNode Key, PolicyNode Value);
