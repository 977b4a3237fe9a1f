using System.Diagnostics;
using Xunit.Sdk;

namespace ControlPlane.Policy.Tests.Fuzz;

/// <summary>
/// Runs one load and checks what every input, however broken, must give: no exception, and (for invalid input)
/// errors that point into the file, within a time and an allocation budget. The budgets are safety bounds, far
/// above what a load costs, so a slow machine does not fail them; an unbounded expansion does.
/// </summary>
internal static class BoundedLoad
{
    public static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(20);

    public const long AllocationBudget = 512L * 1024 * 1024;

    public static PolicyLoadResult Files(params PolicySourceFile[] files) => Measure(() => PolicyLoader.Load(files));

    public static PolicyLoadResult Directory(string directory) => Measure(() => PolicyLoader.LoadDirectory(directory));

    /// <summary>Every error is in a file that exists, at a line and column inside that file's text.</summary>
    public static void AssertLocatedErrors(PolicyLoadResult result, IReadOnlyDictionary<string, string> texts)
    {
        Assert.NotEmpty(result.Errors);
        foreach (var error in result.Errors)
        {
            Assert.True(texts.ContainsKey(error.File), $"error names an unknown file: {error}");
            Assert.True(error.Line >= 1 && error.Column >= 1, $"error is not located: {error}");
            var lines = texts[error.File].Split('\n');
            Assert.True(error.Line <= lines.Length + 1, $"error line beyond the file's {lines.Length} lines: {error}");
            Assert.DoesNotContain("internal error", error.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>Valid or not, the load gave a verdict; any error it gave is located in the file.</summary>
    public static void AssertVerdict(PolicyLoadResult result, IReadOnlyDictionary<string, string> texts)
    {
        Assert.Equal(result.Errors.IsEmpty, result.Fleet is not null);
        if (!result.Errors.IsEmpty)
        {
            AssertLocatedErrors(result, texts);
        }
    }

    private static PolicyLoadResult Measure(Func<PolicyLoadResult> load)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        PolicyLoadResult result;
        try
        {
            result = load();
        }
        catch (Exception exception)
        {
            throw new XunitException($"the loader threw {exception}");
        }

        var elapsed = clock.Elapsed;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.True(elapsed < TimeBudget, $"load took {elapsed}, above the {TimeBudget} safety bound");
        Assert.True(allocated < AllocationBudget, $"load allocated {allocated} bytes, above the {AllocationBudget} safety bound");
        return result;
    }
}
