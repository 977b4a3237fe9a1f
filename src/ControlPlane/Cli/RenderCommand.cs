using System.CommandLine;
using ControlPlane.Admin;
using ControlPlane.Translation;
using ControlPlane.Xds.Cache;

namespace ControlPlane.Cli;

/// <summary><c>render DIR [--gateway NAME] [--format yaml|json]</c>: exactly what Envoy would receive.</summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var directory = ValidateCommand.PolicyDirectoryArgument();
        var gateway = CliOptions.GatewayName("Only this gateway (default: all).", required: false);
        var format = CliOptions.Format("yaml", "yaml", "json");
        var command = new Command("render", "Print exactly the resources Envoy would receive, as in Envoy's config dump, with each type's version as /status reports it.") { directory, gateway, format };
        CliOptions.RefuseRepeats(command);
        command.SetAction(result => Run(
            result.GetRequiredValue(directory),
            result.GetValue(gateway),
            result.GetRequiredValue(format) == "json" ? ConfigFormat.Json : ConfigFormat.Yaml,
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string directory, string? name, ConfigFormat format, TextWriter output, TextWriter errors)
    {
        var result = ValidateCommand.LoadServable([ValidateCommand.ExistingDirectory(directory)]);
        if (result.Fleet is not { } fleet)
        {
            foreach (var error in result.Errors)
            {
                errors.WriteLine(error.ToString());
            }

            return 1;
        }

        var gateways = fleet.Gateways.AsImmutableArray();
        if (name is not null)
        {
            gateways = gateways.RemoveAll(g => g.Name != name);
            if (gateways.IsEmpty)
            {
                errors.WriteLine($"no gateway named '{name}' in {directory} (declared: {string.Join(", ", fleet.Gateways.Select(g => g.Name))})");
                return 1;
            }
        }

        var rules = EnvoyTranslator.RulesByName(fleet);
        output.Write(ConfigDumpFormatter.Format(gateways.Select(g => Versioned(EnvoyTranslator.Translate(g, rules))), format));
        return 0;
    }

    /// <summary>Versions from the snapshot cache's own code, so they equal what <c>/status</c> reports for the served group.</summary>
    private static VersionedGatewayResources Versioned(GatewayResources resources)
    {
        var snapshot = XdsSnapshot.Create(resources.All.Select(r => XdsResource.Create(r.Name, r.Message)));
        return new VersionedGatewayResources(resources, snapshot.Version, StatusDocumentBuilder.TypeVersions(snapshot));
    }
}
