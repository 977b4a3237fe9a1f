using ControlPlane.Policy;

namespace ControlPlane.Cli;

/// <summary><c>validate DIR [--format text|json]</c>: exit 0 when valid, 1 with every error.</summary>
internal static class ValidateCommand
{
    public static int Run(CommandLine command, TextWriter output, TextWriter errors)
    {
        command.AllowOnly("format");
        var format = command.GetChoice("format", "text", "text", "json");
        var directory = SingleDirectory(command);
        var result = PolicyLoader.LoadDirectory(directory);
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

    public static string SingleDirectory(CommandLine command) => command.Positional.Count == 1
        ? command.Positional[0]
        : throw new CommandLineException($"'{command.Verb}' takes exactly one policy directory");
}
