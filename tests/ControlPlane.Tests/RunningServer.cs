using ControlPlane.Hosting;
using ControlPlane.Pipeline;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Tests;

/// <summary>The real <c>serve</c> host on loopback ports, with a short debounce so reload tests run quickly.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private RunningServer(WebApplication app, ServeOptions options)
    {
        App = app;
        Options = options;
        Channel = EnvoyGrpc.Channel(options.XdsPort, EnvoyGrpc.XdsCluster);
    }

    public WebApplication App { get; }

    /// <summary>What the server was started with, the ports as bound.</summary>
    public ServeOptions Options { get; }

    /// <summary>An xDS channel as Envoy opens it from the generated bootstrap.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>An ext_proc channel as Envoy opens it to the enforcement cluster.</summary>
    public GrpcChannel EnforcementChannel() => EnvoyGrpc.Channel(Options.ExtProcPort, EnvoyGrpc.EnforcementCluster);

    public PipelineStatus Status => App.Services.GetRequiredService<PipelineStatus>();

    public static async Task<RunningServer> StartAsync(string policies, ServerRole role = ServerRole.All, ServeOptions? ports = null, Action<IServiceCollection>? customize = null)
    {
        // Port 0 by default: the OS picks free ports at bind time, so parallel tests never race for one.
        var options = ports ?? new ServeOptions { XdsPort = 0, ExtProcPort = 0, AdminPort = 0 };
        options.PoliciesDirectory = policies;
        options.Role = role;
        options.BindAddress = "127.0.0.1";
        var app = ServerHost.Build(options, customize: builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.Configure<PolicyWatchOptions>(watch =>
            {
                watch.Debounce = TimeSpan.FromMilliseconds(150);
                watch.MaxDelay = TimeSpan.FromSeconds(1);
                watch.PollInterval = TimeSpan.FromMilliseconds(500);
            });
            customize?.Invoke(builder.Services);
        });
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<ListenerBinding>();
        return new RunningServer(app, new ServeOptions
        {
            PoliciesDirectory = options.PoliciesDirectory,
            Role = role,
            BindAddress = options.BindAddress,
            XdsPort = options.ServesXds ? bound.PortOf(Listener.Xds) : options.XdsPort,
            ExtProcPort = options.ServesExtProc ? bound.PortOf(Listener.ExtProc) : options.ExtProcPort,
            AdminPort = bound.PortOf(Listener.Admin),
        });
    }

    /// <summary>Waits (bounded) until the reload counter passes <paramref name="after"/>.</summary>
    public async Task<ReloadReport> WaitForReloadAsync(long after)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (Status.Reloads <= after)
        {
            await Task.Delay(25, timeout.Token);
        }

        return Status.Latest!;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
