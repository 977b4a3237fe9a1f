using System.CommandLine;
using ControlPlane.Enforcement;
using ControlPlane.Hosting;
using Microsoft.AspNetCore.Connections;

namespace ControlPlane.Cli;

/// <summary><c>serve</c>: load and watch the policies, serve xDS and/or ext_proc, and the admin endpoints.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var policies = CliOptions.Text("--policies", "Policy directory, watched for changes (default policies).");
        policies.DefaultValueFactory = _ => "policies";
        var role = new Option<string>("--role") { Description = "Which services to run: all, xds or extproc (default all).", DefaultValueFactory = _ => "all" };
        role.AcceptOnlyFromAmong("all", "xds", "extproc");
        var bind = CliOptions.IpAddress("--bind", "0.0.0.0", "IP address all ports bind to");
        var xdsPort = CliOptions.Port("--xds-port", 18000, "xDS gRPC port");
        var extProcPort = CliOptions.Port("--extproc-port", 18001, "ext_proc gRPC port");
        var adminPort = CliOptions.Port("--admin-port", 19000, "Admin HTTP port");
        var store = new Option<string>("--store") { Description = "Where idempotency records live: memory or redis (default memory).", DefaultValueFactory = _ => "memory" };
        store.AcceptOnlyFromAmong("memory", "redis");
        var redis = CliOptions.Text("--redis", "StackExchange.Redis connection string; required with --store redis.");
        var command = new Command("serve", "Run the control plane: load and watch the policies, serve xDS (ADS, SotW and delta) and/or the ext_proc idempotency service, and the admin endpoints.")
        {
            policies, role, bind, xdsPort, extProcPort, adminPort, store, redis,
        };
        CliOptions.RefuseRepeats(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(store) == "redis" && result.GetResult(redis) is null)
            {
                result.AddError("--store redis needs --redis CONNECTION (e.g. localhost:6379)");
            }
        });
        command.SetAction((result, cancellation) =>
        {
            var options = new ServeOptions
            {
                PoliciesDirectory = result.GetRequiredValue(policies),
                Role = result.GetRequiredValue(role) switch
                {
                    "xds" => ServerRole.Xds,
                    "extproc" => ServerRole.ExtProc,
                    _ => ServerRole.All,
                },
                BindAddress = result.GetRequiredValue(bind).ToString(),
                XdsPort = result.GetValue(xdsPort),
                ExtProcPort = result.GetValue(extProcPort),
                AdminPort = result.GetValue(adminPort),
            };
            var useRedis = result.GetValue(store) == "redis";
            return RunAsync(options, useRedis ? result.GetValue(redis) : null, result.InvocationConfiguration.Error, cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(ServeOptions options, string? redis, TextWriter errors, CancellationToken cancellation)
    {
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

        var app = ServerHost.Build(options, enforcement =>
        {
            enforcement.Store = redis is null ? EnforcementStoreKind.Memory : EnforcementStoreKind.Redis;
            enforcement.RedisConnection = redis;
        });
        try
        {
            await app.RunAsync(cancellation).ConfigureAwait(false);
            return 0;
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            await errors.WriteLineAsync($"error: {e.Message} (another process holds the port; choose another with --xds-port, --extproc-port or --admin-port)").ConfigureAwait(false);
            return ControlPlaneCli.UsageError;
        }
    }
}
