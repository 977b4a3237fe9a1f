using System.Globalization;
using ControlPlane.Policy.Yaml;

namespace ControlPlane.Policy.Diagnostics;

/// <summary>Where a value sits: file, position and field path. Diagnostics are reported against one.</summary>
internal sealed record SourceRef(string File, SourcePosition Position, string Path)
{
    public SourceRef Field(string name, SourcePosition position) =>
        new(File, position, Path.Length == 0 ? name : $"{Path}.{name}");

    public SourceRef Item(int index, SourcePosition position) =>
        new(File, position, string.Create(CultureInfo.InvariantCulture, $"{Path}[{index}]"));

    /// <summary><c>file:line:column</c>, for messages that point at another place ("first defined at …").</summary>
    public string Location => string.Create(CultureInfo.InvariantCulture, $"{File}:{Position.Line}:{Position.Column}");

    public PolicyDiagnostic Diagnostic(string message) => new(File, Position.Line, Position.Column, Path, message);
}

/// <summary>A value together with where it was written.</summary>
internal readonly record struct Located<T>(T Value, SourceRef At);
