namespace ControlPlane.Translation.Tests.Support;

/// <summary>Locations in the source tree; tests read their data from there rather than from the build output.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Golden => Path.Combine(RepoRoot, "tests", "ControlPlane.Translation.Tests", "Golden");

    public static string BootstrapGolden => Path.Combine(Golden, "bootstrap");

    /// <summary>The policy compiler's expected IR: real loader output, so it must translate cleanly too.</summary>
    public static string PolicyIrGolden => Path.Combine(RepoRoot, "tests", "ControlPlane.Policy.Tests", "Golden");

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
