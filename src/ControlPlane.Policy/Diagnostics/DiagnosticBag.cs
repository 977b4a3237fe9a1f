using System.Collections.Immutable;

namespace ControlPlane.Policy.Diagnostics;

/// <summary>Collects every problem of one load; nothing stops at the first error.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<PolicyDiagnostic> diagnostics = [];

    public int Count => diagnostics.Count;

    public void Report(SourceRef at, string message) => diagnostics.Add(at.Diagnostic(message));

    public void Add(PolicyDiagnostic diagnostic) => diagnostics.Add(diagnostic);

    /// <summary>Sorted by place, so the output does not depend on the order checks ran in.</summary>
    public ImmutableArray<PolicyDiagnostic> ToSortedArray() =>
    [
        .. diagnostics
            .Distinct()
            .OrderBy(d => d.File, StringComparer.Ordinal)
            .ThenBy(d => d.Line)
            .ThenBy(d => d.Column)
            .ThenBy(d => d.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal),
    ];
}
