using ControlPlane.Policy.Tests.Support;

namespace ControlPlane.Policy.Tests;

/// <summary>
/// Invalid policies, each with its exact diagnostics: <c>Invalid/&lt;case&gt;.yaml</c> (one file) or
/// <c>Invalid/&lt;case&gt;/</c> (several files), expected output in <c>Invalid/&lt;case&gt;.expected</c>, one
/// diagnostic per line as <see cref="PolicyDiagnostic.ToString"/> prints it.
/// </summary>
public sealed class InvalidCorpusTests
{
    public static TheoryData<string> Cases =>
    [
        .. Directory.GetFiles(TestPaths.Invalid, "*.yaml").Concat(Directory.GetDirectories(TestPaths.Invalid))
            .Select(p => Path.GetFileName(p))
            .Order(StringComparer.Ordinal),
    ];

    [Fact]
    public void Invalid_cases_are_discovered()
    {
        Assert.True(Cases.Count >= 30, $"expected at least 30 invalid cases under {TestPaths.Invalid}, found {Cases.Count}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Invalid_policies_report_exact_diagnostics(string caseName)
    {
        var path = Path.Combine(TestPaths.Invalid, caseName);
        var result = Directory.Exists(path)
            ? PolicyLoader.LoadDirectory(path)
            : PolicyLoader.Load([new PolicySourceFile(caseName, File.ReadAllText(path))]);

        Assert.Null(result.Fleet);
        Assert.NotEmpty(result.Errors);
        var expectedPath = Path.Combine(TestPaths.Invalid, Path.GetFileNameWithoutExtension(caseName) + ".expected");
        Snapshot.AssertMatches(expectedPath, string.Concat(result.Errors.Select(e => e + "\n")));
    }
}
