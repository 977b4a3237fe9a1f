using ControlPlane.Policy.Diagnostics;

namespace ControlPlane.Policy.Validation;

internal static class DuplicateNames
{
    /// <summary>Reports every occurrence of a name after the first (in file and position order), pointing back at the first.</summary>
    public static void Report<T>(IEnumerable<T> items, Func<T, string> name, Func<T, SourceRef> at, string what, DiagnosticBag diagnostics)
    {
        var groups = items
            .Where(item => name(item).Length > 0)
            .OrderBy(at, SourceOrder.Instance)
            .GroupBy(name, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var first = at(group.First());
            foreach (var duplicate in group.Skip(1))
            {
                diagnostics.Report(at(duplicate), $"duplicate {what} name '{Quoted.Prefix(group.Key)}' (first defined at {first.Location})");
            }
        }
    }
}

/// <summary>Orders places by file, line and column: "first" means first in this order, whatever order files were read in.</summary>
internal sealed class SourceOrder : IComparer<SourceRef>
{
    public static SourceOrder Instance { get; } = new();

    public int Compare(SourceRef? x, SourceRef? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var byFile = string.CompareOrdinal(x.File, y.File);
        return byFile != 0 ? byFile
            : x.Position.Line != y.Position.Line ? x.Position.Line.CompareTo(y.Position.Line)
            : x.Position.Column.CompareTo(y.Position.Column);
    }
}
