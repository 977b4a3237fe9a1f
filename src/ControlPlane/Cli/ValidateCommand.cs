using ControlPlane.Pipeline;
using ControlPlane.Policy;

namespace ControlPlane.Cli;

/// <summary><c>validate DIR [--format text|json]</c>: exit 0 when valid, 1 with every error; 2 for a usage error.</summary>
internal static class ValidateCommand
{
    public static int Run(CommandLine command, TextWriter output, TextWriter errors)
    {
        command.AllowOnly("format");
        var format = command.GetChoice("format", "text", "text", "json");
        var directory = ExistingDirectory(command);
        var result = LoadServable(directory);
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

    /// <summary>The one positional argument, which must be a directory: a typo is a usage error, not an empty policy set.</summary>
    public static string ExistingDirectory(CommandLine command)
    {
        var directory = command.Positional.Count == 1
            ? command.Positional[0]
            : throw new CommandLineException($"'{command.Verb}' takes exactly one policy directory (got {command.Positional.Count} arguments)");
        return Directory.Exists(directory)
            ? directory
            : throw new CommandLineException(File.Exists(directory) ? $"'{directory}' is a file; pass the directory that holds the policy files" : $"policy directory '{directory}' does not exist");
    }
}
