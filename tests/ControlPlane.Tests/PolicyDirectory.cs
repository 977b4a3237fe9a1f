namespace ControlPlane.Tests;

/// <summary>A temporary policy directory, seeded from the repository's example policies.</summary>
internal sealed class PolicyDirectory : IDisposable
{
    public PolicyDirectory()
    {
        Root = Path.Combine(Path.GetTempPath(), "cp-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ExamplePolicies => Path.Combine(RepositoryRoot, "policies");

    public PolicyDirectory WithExamplePolicies(string subdirectory = "")
    {
        var target = Path.Combine(Root, subdirectory);
        foreach (var file in Directory.EnumerateFiles(ExamplePolicies, "*.yaml", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(ExamplePolicies, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return this;
    }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>Writes through a temporary file and a rename, as git and editors do.</summary>
    public void WriteAtomically(string relative, string text)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ControlPlane.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ControlPlane.sln not found above the test binaries");
    }
}
