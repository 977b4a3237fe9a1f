using System.Net;
using ControlPlane.Enforcement;
using ControlPlane.Hosting;
using Microsoft.AspNetCore.Connections;

namespace ControlPlane.Cli;

internal static class ServeCommand
{
    public static async Task<int> RunAsync(CommandLine command, TextWriter errors)
    {
        var options = Parse(command);
        var store = command.GetChoice("store", "memory", "memory", "redis");
        var redis = command.Get("redis");
        if (store == "redis" && string.IsNullOrWhiteSpace(redis))
        {
            throw new CommandLineException("--store redis needs --redis CONNECTION (e.g. localhost:6379)");
        }

        var app = ServerHost.Build(options, enforcement =>
        {
            enforcement.Store = store == "redis" ? EnforcementStoreKind.Redis : EnforcementStoreKind.Memory;
            enforcement.RedisConnection = redis;
        });
        try
        {
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            await errors.WriteLineAsync($"error: {e.Message} (another process holds the port; choose another with --xds-port, --extproc-port or --admin-port)").ConfigureAwait(false);
            return 2;
        }
    }

    /// <summary>Every mistake a flag can hold is found here, before anything starts.</summary>
    public static ServeOptions Parse(CommandLine command)
    {
        command.AllowOnly("policies", "role", "bind", "xds-port", "extproc-port", "admin-port", "store", "redis");
        if (command.Positional.Count > 0)
        {
            throw new CommandLineException($"'serve' takes no positional arguments (got '{command.Positional[0]}'); the policy directory is --policies DIR");
        }

        var options = new ServeOptions
        {
            PoliciesDirectory = command.GetOrDefault("policies", "policies"),
            Role = command.GetChoice("role", "all", "all", "xds", "extproc") switch
            {
                "xds" => ServerRole.Xds,
                "extproc" => ServerRole.ExtProc,
                _ => ServerRole.All,
            },
            BindAddress = command.GetOrDefault("bind", "0.0.0.0"),
            XdsPort = command.GetPort("xds-port", 18000),
            ExtProcPort = command.GetPort("extproc-port", 18001),
            AdminPort = command.GetPort("admin-port", 19000),
        };
        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            throw new CommandLineException($"--bind must be an IP address such as 0.0.0.0, 127.0.0.1 or :: (got '{options.BindAddress}')");
        }

        if (!Directory.Exists(options.PoliciesDirectory))
        {
            throw new CommandLineException($"policy directory '{Path.GetFullPath(options.PoliciesDirectory)}' does not exist (--policies DIR)");
        }

        var ports = new List<(string Flag, int Port)> { ("--admin-port", options.AdminPort) };
        if (options.ServesXds)
        {
            ports.Add(("--xds-port", options.XdsPort));
        }

        if (options.ServesExtProc)
        {
            ports.Add(("--extproc-port", options.ExtProcPort));
        }

        if (ports.Where(p => p.Port != 0).GroupBy(p => p.Port).FirstOrDefault(g => g.Count() > 1) is { } shared)
        {
            throw new CommandLineException($"{string.Join(" and ", shared.Select(p => p.Flag))} are both {shared.Key}; each service needs its own port");
        }

        return options;
    }
}
