using System.Collections.Immutable;

namespace ControlPlane.Policy.Sources;

/// <summary>
/// Finds the policy files of a directory: every *.yaml and *.yml below it, following symbolic links, skipping
/// entries whose name starts with '.'. That rule matters for Kubernetes ConfigMap volumes, where each key is a
/// visible symlink <c>name -> ..data/name</c> and <c>..data -> ..2024_…</c> holds the same files again: reading only
/// visible names loads each document once.
/// </summary>
internal static class PolicyDirectoryReader
{
    public static (ImmutableArray<PolicySourceFile> Files, ImmutableArray<PolicyDiagnostic> Errors) Read(string directory)
    {
        var files = ImmutableArray.CreateBuilder<PolicySourceFile>();
        var errors = ImmutableArray.CreateBuilder<PolicyDiagnostic>();
        var root = Path.GetFullPath(directory);
        Walk(root, root, [Resolve(root)], files, errors);
        return (files.ToImmutable(), errors.ToImmutable());
    }

    private static void Walk(
        string root,
        string directory,
        ImmutableHashSet<string> ancestors,
        ImmutableArray<PolicySourceFile>.Builder files,
        ImmutableArray<PolicyDiagnostic>.Builder errors)
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            errors.Add(new PolicyDiagnostic(Relative(root, directory), 0, 0, "", $"cannot list directory: {exception.Message}"));
            return;
        }

        foreach (var entry in entries.Where(e => !Path.GetFileName(e).StartsWith('.')))
        {
            if (Directory.Exists(entry))
            {
                // A symlinked directory may point back up the tree.
                var target = Resolve(entry);
                if (ancestors.Contains(target))
                {
                    errors.Add(new PolicyDiagnostic(Relative(root, entry), 0, 0, "", "directory link loop; skipped"));
                    continue;
                }

                Walk(root, entry, ancestors.Add(target), files, errors);
            }
            else if (IsPolicyFile(entry))
            {
                var relative = Relative(root, entry);
                try
                {
                    files.Add(new PolicySourceFile(relative, File.ReadAllText(entry)));
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    errors.Add(new PolicyDiagnostic(relative, 0, 0, "", $"cannot read file: {exception.Message}"));
                }
            }
        }
    }

    private static bool IsPolicyFile(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static string Resolve(string directory) =>
        new DirectoryInfo(directory).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(directory);

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
