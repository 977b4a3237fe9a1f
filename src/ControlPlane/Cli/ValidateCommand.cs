using System.CommandLine;
using ControlPlane.Pipeline;
using ControlPlane.Policy;

namespace ControlPlane.Cli;

/// <summary><c>validate PATH... [--format text|json]</c>: files and directories as one set; exit 0 when valid, 1 with every error; 2 for a usage error.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Policy files and directories (read recursively), validated together as one set.", Arity = ArgumentArity.OneOrMore };
        var format = CliOptions.Format("text", "text", "json");
        // Any number of paths would swallow a misspelt flag as one more path; refuse it as the parser refuses other typos.
        paths.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Select(t => t.Value).Where(v => v.StartsWith('-') && !Path.Exists(v)))
            {
                result.AddError($"'{token}' was not matched (validate's only flag is --format; a path that starts with '-' can be given as ./{token})");
            }
        });
        var command = new Command("validate", "Check the policies in the files and directories given, together: exit 0 when valid, 1 with every error as file:line:col: path: message.") { paths, format };
        CliOptions.RefuseRepeats(command);
        command.SetAction(result => Run(result.GetRequiredValue(paths), result.GetRequiredValue(format), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return command;
    }

    public static Argument<string> PolicyDirectoryArgument() => new("DIR") { Description = "The policy directory (read recursively)." };

    private static int Run(string[] paths, string format, TextWriter output, TextWriter errors)
    {
        var result = LoadServable(Existing(paths));
        var given = string.Join(" ", paths);
        foreach (var warning in result.Warnings)
        {
            errors.WriteLine($"warning: {warning}");
        }

        if (format == "json")
        {
            output.Write(DiagnosticsJson.Serialize(result));
        }
        else if (result.IsValid)
        {
            var fleet = result.Fleet!;
            output.WriteLine($"{given}: valid ({result.Files.Length} files, {fleet.Gateways.Length} gateways, {fleet.Rules.Length} idempotency policies)");
        }
        else
        {
            foreach (var error in result.Errors)
            {
                errors.WriteLine(error.ToString());
            }

            errors.WriteLine($"{given}: {result.Errors.Length} error{(result.Errors.Length == 1 ? "" : "s")}");
        }

        return result.IsValid ? 0 : 1;
    }

    /// <summary>
    /// Loads <paramref name="paths"/> as one set, files named as given, and refuses what <c>serve</c> would refuse as a
    /// first load (such a refusal concerns the whole set, so it names the paths given).
    /// </summary>
    public static PolicyLoadResult LoadServable(IReadOnlyList<string> paths)
    {
        var result = PolicyLoader.LoadPaths(paths);
        var refusals = ProtectionGuard.Refusals(result, []);
        return refusals.IsEmpty ? result : result with { Fleet = null, Errors = [.. refusals.Select(r => new PolicyDiagnostic(string.Join(" ", paths), 0, 0, "", r))] };
    }

    /// <summary>A typo in a path is a usage error, not an empty policy set; every missing path is named at once.</summary>
    private static string[] Existing(string[] paths) => paths.Where(p => !Path.Exists(p)).ToList() switch
    {
        [] => paths,
        [var missing] => throw new CommandLineException($"policy file or directory '{missing}' does not exist"),
        var missing => throw new CommandLineException($"policy files or directories do not exist: {string.Join(", ", missing.Select(m => $"'{m}'"))}"),
    };

    /// <summary>A typo in a directory is a usage error, not an empty policy set.</summary>
    public static string ExistingDirectory(string directory) => Directory.Exists(directory)
        ? directory
        : throw new CommandLineException(File.Exists(directory) ? $"'{directory}' is a file; pass the directory that holds the policy files" : $"policy directory '{directory}' does not exist");
}
