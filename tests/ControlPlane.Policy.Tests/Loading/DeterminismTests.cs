using ControlPlane.Ir;
using ControlPlane.Policy.Tests.Support;

namespace ControlPlane.Policy.Tests.Loading;

/// <summary>The same files in any order give the same IR and the same diagnostics.</summary>
public sealed class DeterminismTests
{
    public static TheoryData<string> Sources => ["policies", "tests/ControlPlane.Policy.Tests/Golden/multiple-gateways", "tests/ControlPlane.Policy.Tests/Invalid/duplicate-policy-across-files"];

    [Theory]
    [MemberData(nameof(Sources))]
    public void Shuffled_file_order_gives_identical_output(string source)
    {
        var files = ReadFiles(Path.Combine(TestPaths.RepoRoot, source));
        var expected = Render(PolicyLoader.Load(files));

        for (var seed = 1; seed <= 10; seed++)
        {
            var shuffled = files.OrderBy(_ => 0).ToArray();
            new Random(seed).Shuffle(shuffled);

            Assert.Equal(expected, Render(PolicyLoader.Load(shuffled)));
        }
    }

    [Fact]
    public void Loading_twice_gives_equal_IR()
    {
        var first = PolicyLoader.LoadDirectory(TestPaths.ExamplePolicies).Fleet!;
        var second = PolicyLoader.LoadDirectory(TestPaths.ExamplePolicies).Fleet!;

        Assert.Equal(IrJson.Serialize(first), IrJson.Serialize(second));
        Assert.Equal(first.Gateways.Select(g => g.Name), second.Gateways.Select(g => g.Name));
    }

    private static PolicySourceFile[] ReadFiles(string directory) =>
    [
        .. Directory.EnumerateFiles(directory, "*.yaml", SearchOption.AllDirectories)
            .Select(f => new PolicySourceFile(Path.GetRelativePath(directory, f).Replace('\\', '/'), File.ReadAllText(f))),
    ];

    private static string Render(PolicyLoadResult result) =>
        result.Fleet is { } fleet ? IrJson.Serialize(fleet) : DiagnosticsJson.Serialize(result);
}
