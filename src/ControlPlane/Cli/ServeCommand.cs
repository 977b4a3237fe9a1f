using System.CommandLine;
using ControlPlane.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

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
        var adminPort = CliOptions.Port("--admin-port", 19000, "Admin HTTP port: /healthz and /readyz");
        var debugPort = CliOptions.Port("--debug-port", 19001, "Debug HTTP port: /status and /metrics");
        var debugBind = CliOptions.IpAddress("--debug-bind", "127.0.0.1", "IP address the debug port binds to; other than loopback needs ControlPlane:Debug:Token");
        var store = new Option<string>("--store") { Description = "Where idempotency records live: memory or redis (default memory).", DefaultValueFactory = _ => "memory" };
        store.AcceptOnlyFromAmong("memory", "redis");
        var redis = CliOptions.Text("--redis", "StackExchange.Redis connection string; required with --store redis.");
        var command = new Command("serve", "Run the control plane: load and watch the policies, serve xDS (ADS, SotW and delta) and/or the ext_proc idempotency service, and the admin endpoints.")
        {
            policies, role, bind, xdsPort, extProcPort, adminPort, debugPort, debugBind, store, redis,
        };
        CliOptions.RefuseRepeats(command);
        var logFormat = new Option<string>("--log-format") { Description = "Console log format: simple or json (default simple)." };
        logFormat.AcceptOnlyFromAmong("simple", "json");
        var logLevel = new Option<string>("--log-level") { Description = "Minimum log level: trace, debug, information, warning, error, critical (default information)." };
        logLevel.AcceptOnlyFromAmong("trace", "debug", "information", "warning", "error", "critical");
        command.Options.Add(logFormat);
        command.Options.Add(logLevel);
        var tls = TlsFlags.AddTo(command);

        // Only flags actually given override configuration (appsettings.json, CONTROLPLANE__* variables); the rest keep it.
        var keys = new (Option Option, string Key)[]
        {
            (policies, "ControlPlane:Policies"), (role, "ControlPlane:Role"), (bind, "ControlPlane:Bind"),
            (xdsPort, "ControlPlane:XdsPort"), (extProcPort, "ControlPlane:ExtProcPort"), (adminPort, "ControlPlane:AdminPort"),
            (debugPort, "ControlPlane:DebugPort"), (debugBind, "ControlPlane:DebugBind"),
            (store, "ControlPlane:Enforcement:Store"), (redis, "ControlPlane:Enforcement:RedisConnection"),
            (logFormat, "ControlPlane:LogFormat"), (logLevel, "Logging:LogLevel:Default"),
        };
        command.SetAction((result, cancellation) =>
        {
            var settings = keys.Concat(tls)
                .Where(k => result.GetResult(k.Option) is { Implicit: false })
                .ToDictionary(k => k.Key, k => (string?)string.Join(' ', result.GetResult(k.Option)!.Tokens.Select(t => t.Value)), StringComparer.OrdinalIgnoreCase);
            return RunAsync(settings, result.InvocationConfiguration.Error, cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(Dictionary<string, string?> settings, TextWriter errors, CancellationToken cancellation)
    {
        WebApplication app;
        try
        {
            app = ServerHost.Build(settings);
        }
        catch (OptionsValidationException e)
        {
            throw new CommandLineException(string.Join("; ", e.Failures));
        }

        try
        {
            await app.RunAsync(cancellation).ConfigureAwait(false);
            return 0;
        }
        catch (OptionsValidationException e)
        {
            await errors.WriteLineAsync($"error: {string.Join("; ", e.Failures)}").ConfigureAwait(false);
            return ControlPlaneCli.UsageError;
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            await errors.WriteLineAsync($"error: {e.Message} (another process holds the port; choose another with --xds-port, --extproc-port, --admin-port or --debug-port)").ConfigureAwait(false);
            return ControlPlaneCli.UsageError;
        }
    }
}
