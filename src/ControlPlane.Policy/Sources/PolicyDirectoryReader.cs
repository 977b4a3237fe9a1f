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
    public static DirectoryContents Read(string directory)
    {
        var contents = new DirectoryContents();
        var root = Path.GetFullPath(directory);
        Walk(root, root, [Resolve(root)], contents);
        return contents;
    }

    private static void Walk(string root, string directory, ImmutableHashSet<string> ancestors, DirectoryContents contents)
    {
        var errors = contents.Errors;
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

                Walk(root, entry, ancestors.Add(target), contents);
            }
            else if (IsPolicyFile(entry))
            {
                var relative = Relative(root, entry);
                try
                {
                    ReadFile(entry, relative, contents);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    errors.Add(new PolicyDiagnostic(relative, 0, 0, "", $"cannot read file: {exception.Message}"));
                }
            }
        }
    }

    /// <summary>Reads one file into <paramref name="contents"/>, named <paramref name="relative"/> in diagnostics; a FIFO, socket or device is a warning.</summary>
    internal static void ReadFile(string path, string relative, DirectoryContents contents)
    {
        // Null (a dangling link, a file removed meanwhile) falls through: opening it reports why it cannot be read.
        if (FileKinds.IsRegularFile(path) == false)
        {
            contents.Warnings.Add(new PolicyDiagnostic(relative, 0, 0, "", "not a regular file (FIFO, socket or device); skipped without opening it"));
            return;
        }

        var (text, error) = PolicyFileDecoder.Read(path, relative);
        if (error is not null)
        {
            contents.Errors.Add(error);
        }

        // A file that cannot be decoded is still listed, so callers see which files the load looked at.
        contents.Files.Add(new PolicySourceFile(relative, text ?? ""));
    }

    private static bool IsPolicyFile(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static string Resolve(string directory) =>
        new DirectoryInfo(directory).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(directory);

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
