namespace ControlPlane.Protos.Tests;

/// <summary>Paths inside the repository checkout the tests run from.</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string ProtosDirectory => Path.Combine(Root, "protos");

    /// <summary>Unpacked by .ci/fetch-reference-protos.sh; gitignored.</summary>
    public static string ReferenceProtosDirectory => Path.Combine(Root, ".reference", "grpc-js-xds", "deps");

    public static bool ReferenceProtosPresent => Directory.Exists(Path.Combine(ReferenceProtosDirectory, "envoy-api"));

    public static bool RunningInContinuousIntegration =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string FindRoot()
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
