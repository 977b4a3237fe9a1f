namespace ControlPlane.Policy.Sources;

/// <summary>
/// Reads the files and directories named on a command line as one policy set, naming every file as the user can open
/// it: a file by the path as given, a file found in a directory by that directory as given joined with its relative
/// path (<c>policies/gateways/public.yaml</c>). Editors and CI link such paths; a path relative to some other root
/// they cannot. A file reached twice (given, and inside a directory given) is read once, under the first name found:
/// files given alone first, so <c>validate policies policies/a.yaml</c> is simply <c>validate policies</c>.
/// </summary>
internal static class PolicyPathsReader
{
    public static DirectoryContents Read(IReadOnlyList<string> paths)
    {
        var contents = new DirectoryContents();
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in paths.Where(p => !Directory.Exists(p)).Where(p => read.Add(Path.GetFullPath(p))))
        {
            try
            {
                PolicyDirectoryReader.ReadFile(file, file, contents);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                contents.Errors.Add(new PolicyDiagnostic(file, 0, 0, "", $"cannot read file: {exception.Message}"));
            }
        }

        foreach (var directory in paths.Where(Directory.Exists).Distinct(StringComparer.Ordinal))
        {
            var root = Path.GetFullPath(directory);
            var found = PolicyDirectoryReader.Read(directory);
            // Only what this directory adds: its files not read already, and the diagnostics about those (or about the directory itself).
            var added = found.Files.Where(f => read.Add(Path.Combine(root, f.Path))).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
            bool Concerns(PolicyDiagnostic d) => added.Contains(d.File) || !found.Files.Any(f => f.Path == d.File);
            contents.Files.AddRange(found.Files.Where(f => added.Contains(f.Path)).Select(f => f with { Path = Joined(directory, f.Path) }));
            contents.Errors.AddRange(found.Errors.Where(Concerns).Select(d => d with { File = Joined(directory, d.File) }));
            contents.Warnings.AddRange(found.Warnings.Where(Concerns).Select(d => d with { File = Joined(directory, d.File) }));
        }

        return contents;
    }

    // "." is the directory itself (an error about the directory as a whole): its name as given.
    private static string Joined(string directory, string relative) =>
        relative == "." ? directory : directory.EndsWith('/') ? directory + relative : directory + "/" + relative;
}
