using ControlPlane.Policy;
using ControlPlane.Translation;

namespace ControlPlane.Cli;

/// <summary><c>bootstrap --gateway NAME [--node-id ID] [--xds-address HOST:PORT] [--sotw] [--format yaml|json] [--policies DIR]</c>.</summary>
internal static class BootstrapCommand
{
    public static int Run(CommandLine command, TextWriter output, TextWriter errors)
    {
        command.AllowOnly("gateway", "node-id", "xds-address", "sotw", "format", "policies");
        if (command.Positional.Count > 0)
        {
            throw new CommandLineException($"'bootstrap' takes no positional arguments (got '{command.Positional[0]}')");
        }

        var gateway = command.Get("gateway") ?? throw new CommandLineException("bootstrap needs --gateway NAME (the node.cluster of the Envoy fleet)");
        if (!PolicyNames.IsValid(gateway))
        {
            throw new CommandLineException($"--gateway '{gateway}' is not a gateway name (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit)");
        }

        var nodeId = command.Get("node-id");
        if (nodeId is not null && string.IsNullOrWhiteSpace(nodeId))
        {
            throw new CommandLineException("--node-id must not be empty; leave it out to give each Envoy its own with --service-node");
        }

        var format = command.GetChoice("format", "yaml", "yaml", "json") == "json" ? ConfigFormat.Json : ConfigFormat.Yaml;
        var options = new BootstrapOptions(gateway)
        {
            NodeId = nodeId,
            XdsAddress = command.GetOrDefault("xds-address", BootstrapOptions.DefaultXdsAddress),
            UseSotw = command.Has("sotw"),
        };
        string bootstrap;
        try
        {
            bootstrap = BootstrapGenerator.Render(options, format);
        }
        catch (FormatException e)
        {
            throw new CommandLineException(e.Message);
        }

        if (command.Get("policies") is { } policies)
        {
            WarnIfUndeclared(gateway, policies, errors);
        }

        if (nodeId is null)
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
        if (!Directory.Exists(policies))
        {
            throw new CommandLineException($"policy directory '{policies}' does not exist (--policies DIR)");
        }

        var loaded = ValidateCommand.LoadServable(policies);
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
