using System.CommandLine;
using ControlPlane.Translation;

namespace ControlPlane.Cli;

/// <summary><c>bootstrap --gateway NAME [--node-id ID] [--xds-address HOST:PORT] [--sotw] [--format yaml|json] [--policies DIR] [--xds-tls-ca FILE …]</c>.</summary>
internal static class BootstrapCommand
{
    public static Command Create()
    {
        var gateway = CliOptions.GatewayName("The gateway this Envoy fleet serves: its node.cluster.", required: true);
        var nodeId = CliOptions.Text("--node-id", "A fixed node.id, for a single Envoy (default: none; start each Envoy with --service-node ID).");
        var xdsAddress = new Option<string>("--xds-address") { Description = $"The control plane's xDS address, HOST:PORT (default {BootstrapOptions.DefaultXdsAddress}).", DefaultValueFactory = _ => BootstrapOptions.DefaultXdsAddress };
        var sotw = CliOptions.Switch("--sotw", "State-of-the-world ADS instead of delta.");
        var format = CliOptions.Format("yaml", "yaml", "json");
        var policies = CliOptions.Text("--policies", "Warn when this policy directory does not declare the gateway.");
        var command = new Command("bootstrap", "Print an Envoy bootstrap that fetches its config from this control plane over ADS.")
        {
            gateway, nodeId, xdsAddress, sotw, format, policies,
        };
        var tls = new BootstrapTlsFlags();
        tls.AddTo(command);
        CliOptions.RefuseRepeats(command);
        command.SetAction(result =>
        {
            var options = new BootstrapOptions(result.GetRequiredValue(gateway))
            {
                NodeId = result.GetValue(nodeId),
                XdsAddress = result.GetRequiredValue(xdsAddress),
                UseSotw = result.GetValue(sotw),
                XdsTls = tls.Read(result),
            };
            return Run(options, result.GetRequiredValue(format) == "json" ? ConfigFormat.Json : ConfigFormat.Yaml, result.GetValue(policies), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error);
        });
        return command;
    }

    private static int Run(BootstrapOptions options, ConfigFormat format, string? policies, TextWriter output, TextWriter errors)
    {
        string bootstrap;
        try
        {
            bootstrap = BootstrapGenerator.Render(options, format);
        }
        catch (FormatException e)
        {
            throw new CommandLineException(e.Message);
        }

        if (policies is not null)
        {
            WarnIfUndeclared(options.GatewayName, policies, errors);
        }

        if (options.NodeId is null)
        {
            errors.WriteLine("note: node.id is left out, so that Envoys sharing this file do not share an id: start each Envoy with its own, "
                + "e.g. envoy -c envoy.yaml --service-node \"$(hostname)\" (in Kubernetes: args --service-node $(POD_NAME), POD_NAME from fieldRef metadata.name); "
                + "or pass --node-id ID for a single Envoy");
        }

        output.Write(bootstrap);
        return 0;
    }

    /// <summary>A bootstrap for a gateway the policies do not declare gives an Envoy that waits for config forever.</summary>
    private static void WarnIfUndeclared(string gateway, string policies, TextWriter errors)
    {
        var loaded = ValidateCommand.LoadServable([ValidateCommand.ExistingDirectory(policies)]);
        if (loaded.Fleet is not { } fleet)
        {
            errors.WriteLine($"warning: could not check --gateway against {policies}: its policies have {loaded.Errors.Length} error(s) (run validate {policies})");
            return;
        }

        var declared = fleet.Gateways.Select(g => g.Name).ToList();
        if (!declared.Contains(gateway, StringComparer.Ordinal))
        {
            errors.WriteLine($"warning: {policies} declares no gateway '{gateway}' (declared: {string.Join(", ", declared)}); an Envoy with this bootstrap receives no config until one is");
        }
    }
}
