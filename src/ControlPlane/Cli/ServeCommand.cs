using ControlPlane.Admin;
using ControlPlane.Enforcement;
using ControlPlane.Hosting;
using ControlPlane.Pipeline;
using ControlPlane.Xds;
using ControlPlane.Xds.Cache;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ControlPlane.Cli;

internal static class ServeCommand
{
    public static async Task<int> RunAsync(CommandLine command)
    {
        command.AllowOnly("policies", "role", "bind", "xds-port", "extproc-port", "admin-port", "store", "redis");
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
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
