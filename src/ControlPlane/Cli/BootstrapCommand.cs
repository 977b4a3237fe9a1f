using ControlPlane.Translation;

namespace ControlPlane.Cli;

/// <summary><c>bootstrap --gateway NAME [--node-id ID] [--xds-address HOST:PORT] [--sotw] [--format yaml|json]</c>.</summary>
internal static class BootstrapCommand
{
    public static int Run(CommandLine command, TextWriter output)
    {
        command.AllowOnly("gateway", "node-id", "xds-address", "sotw", "format");
        var gateway = command.Get("gateway") ?? throw new CommandLineException("bootstrap needs --gateway NAME (the node.cluster of the Envoy fleet)");
        var format = command.GetChoice("format", "yaml", "yaml", "json") == "json" ? ConfigFormat.Json : ConfigFormat.Yaml;
        var options = new BootstrapOptions(gateway)
        {
            NodeId = command.Get("node-id"),
            XdsAddress = command.GetOrDefault("xds-address", BootstrapOptions.DefaultXdsAddress),
            UseSotw = command.Has("sotw"),
        };
        try
        {
            output.Write(BootstrapGenerator.Render(options, format));
            return 0;
        }
        catch (FormatException e)
        {
            throw new CommandLineException(e.Message);
        }
    }
}
