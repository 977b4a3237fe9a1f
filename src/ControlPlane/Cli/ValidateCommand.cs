using System.CommandLine;
using ControlPlane.Pipeline;
using ControlPlane.Policy;

namespace ControlPlane.Cli;

/// <summary><c>validate DIR [--format text|json]</c>: exit 0 when valid, 1 with every error; 2 for a usage error.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var directory = PolicyDirectoryArgument();
        var format = CliOptions.Format("text", "text", "json");
        var command = new Command("validate", "Check the policies in DIR: exit 0 when valid, 1 with every error as file:line:col: path: message.") { directory, format };
        CliOptions.RefuseRepeats(command);
        command.SetAction(result => Run(result.GetRequiredValue(directory), result.GetRequiredValue(format), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return command;
    }

    public static Argument<string> PolicyDirectoryArgument() => new("DIR") { Description = "The policy directory (read recursively)." };

    private static int Run(string directory, string format, TextWriter output, TextWriter errors)
    {
        var result = LoadServable(ExistingDirectory(directory));
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
            output.WriteLine($"{directory}: valid ({result.Files.Length} files, {fleet.Gateways.Length} gateways, {fleet.Rules.Length} idempotency policies)");
        }
        else
        {
            foreach (var error in result.Errors)
            {
                errors.WriteLine(error.ToString());
            }

            errors.WriteLine($"{directory}: {result.Errors.Length} error{(result.Errors.Length == 1 ? "" : "s")}");
        }

        return result.IsValid ? 0 : 1;
    }

    /// <summary>Loads <paramref name="directory"/> and refuses what <c>serve</c> would refuse as a first load.</summary>
    public static PolicyLoadResult LoadServable(string directory)
    {
        var result = PolicyLoader.LoadDirectory(directory);
        var refusals = ProtectionGuard.Refusals(result, []);
        return refusals.IsEmpty ? result : result with { Fleet = null, Errors = [.. refusals.Select(r => new PolicyDiagnostic(directory, 0, 0, "", r))] };
    }

    /// <summary>A typo in a directory is a usage error, not an empty policy set.</summary>
    public static string ExistingDirectory(string directory) => Directory.Exists(directory)
        ? directory
        : throw new CommandLineException(File.Exists(directory) ? $"'{directory}' is a file; pass the directory that holds the policy files" : $"policy directory '{directory}' does not exist");
}
