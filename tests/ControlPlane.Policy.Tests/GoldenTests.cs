using ControlPlane.Ir;
using ControlPlane.Policy.Tests.Support;

namespace ControlPlane.Policy.Tests;

/// <summary>
/// Policies -> IR, one case per directory under Golden/: its YAML files (or the directory named in
/// <c>source.txt</c>, relative to the repository root) compile to <c>ir.golden.json</c>.
/// </summary>
public sealed class GoldenTests
{
    public static TheoryData<string> Cases => [.. Directory.GetDirectories(TestPaths.Golden).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Golden_cases_are_discovered()
    {
        Assert.True(Cases.Count >= 7, $"expected at least 7 golden cases under {TestPaths.Golden}, found {Cases.Count}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Policies_compile_to_the_golden_IR(string caseName)
    {
        var directory = Path.Combine(TestPaths.Golden, caseName);
        var result = PolicyLoader.LoadDirectory(SourceDirectory(directory));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Snapshot.AssertMatches(Path.Combine(directory, "ir.golden.json"), IrJson.Serialize(result.Fleet!));
    }

    internal static string SourceDirectory(string caseDirectory)
    {
        var redirect = Path.Combine(caseDirectory, "source.txt");
        return File.Exists(redirect) ? Path.Combine(TestPaths.RepoRoot, File.ReadAllText(redirect).Trim()) : caseDirectory;
    }
}
