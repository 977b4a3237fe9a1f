using System.Collections.Immutable;
using System.Globalization;

namespace ControlPlane.Policy.Diagnostics;

/// <summary>Collects every problem of one load; nothing stops at the first error.</summary>
internal sealed class DiagnosticBag
{
    // A message quotes at most a prefix of each value; this also bounds what a message built from many values can grow to.
    private const int MaxMessageChars = 1_024;

    private readonly List<PolicyDiagnostic> diagnostics = [];
    private PolicyDiagnostic? firstDropped;
    private int dropped;

    /// <summary>Every diagnostic reported, kept or not: readers compare it before and after to know whether a document was clean.</summary>
    public int Count => diagnostics.Count + dropped;

    public void Report(SourceRef at, string message) => Add(at.Diagnostic(message));

    public void Add(PolicyDiagnostic diagnostic)
    {
        // A 4 MiB file of wrong list items would otherwise hold millions of diagnostics.
        if (diagnostics.Count >= PolicyLimits.MaxErrors)
        {
            firstDropped ??= diagnostic;
            dropped++;
            return;
        }

        diagnostics.Add(diagnostic.Message.Length <= MaxMessageChars ? diagnostic : diagnostic with { Message = string.Concat(diagnostic.Message.AsSpan(0, MaxMessageChars), "…") });
    }

    /// <summary>Sorted by place, so the output does not depend on the order checks ran in.</summary>
    public ImmutableArray<PolicyDiagnostic> ToSortedArray()
    {
        var sorted = diagnostics
            .Distinct()
            .OrderBy(d => d.File, StringComparer.Ordinal)
            .ThenBy(d => d.Line)
            .ThenBy(d => d.Column)
            .ThenBy(d => d.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal);
        return firstDropped is { } first
            ? [.. sorted, first with { Path = "", Message = string.Create(CultureInfo.InvariantCulture, $"{dropped} more errors from here on not shown (at most {PolicyLimits.MaxErrors} are reported)") }]
            : [.. sorted];
    }
}
