using ControlPlane.Policy.Tests.Support;

namespace ControlPlane.Policy.Tests.Fuzz;

/// <summary>Random (seeded) damage to the example policies: whatever comes out, the loader gives a verdict within bounds.</summary>
public sealed class MutationTests
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(0, 150)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Mutated_example_policies_give_a_verdict(int seed)
    {
        var mutator = new Mutator(seed);
        var texts = ExampleFiles().ToDictionary(f => f.Path, f => f.Text);
        var target = texts.Keys.Order(StringComparer.Ordinal).ElementAt(seed % texts.Count);
        texts[target] = mutator.Mutate(texts[target], rounds: 1 + (seed % 8));

        var result = BoundedLoad.Files([.. texts.Select(t => new PolicySourceFile(t.Key, t.Value))]);

        BoundedLoad.AssertVerdict(result, texts);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Byte_damaged_files_on_disk_give_a_located_error(int seed)
    {
        using var directory = new TempDirectory();
        var mutator = new Mutator(seed);
        var texts = new Dictionary<string, string>();
        foreach (var file in ExampleFiles())
        {
            texts[file.Path] = file.Text;
            var full = Path.Combine(directory.Path, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var bytes = System.Text.Encoding.UTF8.GetBytes(file.Text);
            File.WriteAllBytes(full, file.Path == texts.Keys.Order(StringComparer.Ordinal).First() ? mutator.Damage(bytes) : bytes);
        }

        var result = BoundedLoad.Directory(directory.Path);

        // The damaged bytes are never valid UTF-8, so there is always an error, at the first of them.
        BoundedLoad.AssertLocatedErrors(result, texts);
    }

    [Fact]
    public void Every_truncation_of_an_example_gives_a_verdict()
    {
        var files = ExampleFiles().ToList();
        foreach (var file in files)
        {
            for (var length = 0; length < file.Text.Length; length += 13)
            {
                var texts = files.ToDictionary(f => f.Path, f => f.Path == file.Path ? f.Text[..length] : f.Text);

                var result = BoundedLoad.Files([.. texts.Select(t => new PolicySourceFile(t.Key, t.Value))]);

                BoundedLoad.AssertVerdict(result, texts);
            }
        }
    }

    private static IEnumerable<PolicySourceFile> ExampleFiles() =>
        Directory.EnumerateFiles(TestPaths.ExamplePolicies, "*.yaml", SearchOption.AllDirectories)
            .Select(path => new PolicySourceFile(Path.GetRelativePath(TestPaths.ExamplePolicies, path).Replace('\\', '/'), File.ReadAllText(path)));
}
