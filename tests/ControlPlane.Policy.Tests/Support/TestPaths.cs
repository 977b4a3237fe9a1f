namespace ControlPlane.Policy.Tests.Support;

/// <summary>Locations in the source tree; tests read their data from there rather than from the build output.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string TestsRoot => Path.Combine(RepoRoot, "tests", "ControlPlane.Policy.Tests");

    public static string Golden => Path.Combine(TestsRoot, "Golden");

    public static string Invalid => Path.Combine(TestsRoot, "Invalid");

    public static string ExamplePolicies => Path.Combine(RepoRoot, "policies");

    public static string Schema => Path.Combine(RepoRoot, "src", "ControlPlane.Policy", "Schema", "policy.schema.json");

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ControlPlane.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ControlPlane.sln above {AppContext.BaseDirectory}.");
    }
}
