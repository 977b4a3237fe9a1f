using ControlPlane.Policy;
using ControlPlane.Translation;

namespace ControlPlane.Cli;

/// <summary><c>render DIR [--gateway NAME] [--format yaml|json]</c>: exactly what Envoy would receive.</summary>
internal static class RenderCommand
{
    public static int Run(CommandLine command, TextWriter output, TextWriter errors)
    {
        command.AllowOnly("gateway", "format");
        var format = command.GetChoice("format", "yaml", "yaml", "json") == "json" ? ConfigFormat.Json : ConfigFormat.Yaml;
        var directory = ValidateCommand.ExistingDirectory(command);
        var result = ValidateCommand.LoadServable(directory);
        if (result.Fleet is not { } fleet)
        {
            foreach (var error in result.Errors)
            {
                errors.WriteLine(error.ToString());
            }

            return 1;
        }

        var gateways = fleet.Gateways.AsImmutableArray();
        if (command.Get("gateway") is { } name)
        {
            gateways = gateways.RemoveAll(g => g.Name != name);
            if (gateways.IsEmpty)
            {
                errors.WriteLine($"no gateway named '{name}' in {directory} (declared: {string.Join(", ", fleet.Gateways.Select(g => g.Name))})");
                return 1;
            }
        }

        var rules = EnvoyTranslator.RulesByName(fleet);
        var resources = gateways.Select(g => EnvoyTranslator.Translate(g, rules)).ToList();
        output.Write(resources.Count == 1 ? ConfigDumpFormatter.Format(resources[0], format) : ConfigDumpFormatter.Format(resources, format));
        return 0;
    }
}
