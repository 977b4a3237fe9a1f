using ControlPlane.Hosting;
using ControlPlane.Pipeline;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ControlPlane.Testing;

namespace ControlPlane.Tests;

/// <summary>The real <c>serve</c> host on loopback ports, with a short debounce so reload tests run quickly.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private RunningServer(WebApplication app, ServeOptions options)
    {
        App = app;
        Options = options;
        Channel = EnvoyGrpcChannel.Create(options.XdsPort, EnvoyGrpcChannel.XdsCluster);
    }

    public WebApplication App { get; }

    /// <summary>What the server was started with, the ports as bound.</summary>
    public ServeOptions Options { get; }

    /// <summary>An xDS channel as Envoy opens it from the generated bootstrap.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>An ext_proc channel as Envoy opens it to the enforcement cluster.</summary>
    public GrpcChannel EnforcementChannel() => EnvoyGrpcChannel.Create(Options.ExtProcPort, EnvoyGrpcChannel.EnforcementCluster);

    /// <summary>The probes' port (/healthz, /readyz), as the kubelet calls it.</summary>
    public HttpClient AdminClient() => new() { BaseAddress = new Uri($"http://127.0.0.1:{Options.AdminPort}") };

    /// <summary>The debug port (/status, /metrics), as the operator calls it.</summary>
    public HttpClient DebugClient() => new() { BaseAddress = new Uri($"http://{Options.DebugBind}:{Options.DebugPort}") };

    public PipelineStatus Status => App.Services.GetRequiredService<PipelineStatus>();

    public static async Task<RunningServer> StartAsync(
        string policies,
        ServerRole role = ServerRole.All,
        ServeOptions? ports = null,
        Action<IServiceCollection>? customize = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        // Port 0 by default: the OS picks free ports at bind time, so parallel tests never race for one.
        var options = ports ?? new ServeOptions { XdsPort = 0, ExtProcPort = 0, AdminPort = 0, DebugPort = 0 };
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ControlPlane:Policies"] = policies,
            ["ControlPlane:Role"] = role.ToString(),
            ["ControlPlane:Bind"] = "127.0.0.1",
            ["ControlPlane:XdsPort"] = Invariant(options.XdsPort),
            ["ControlPlane:ExtProcPort"] = Invariant(options.ExtProcPort),
            ["ControlPlane:AdminPort"] = Invariant(options.AdminPort),
            ["ControlPlane:DebugPort"] = Invariant(options.DebugPort),
            ["ControlPlane:Watch:Debounce"] = "00:00:00.150",
            ["ControlPlane:Watch:MaxDelay"] = "00:00:01",
            ["ControlPlane:Watch:PollInterval"] = "00:00:00.500",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = ServerHost.Build(all, builder => customize?.Invoke(builder.Services));
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<ListenerBinding>();
        var served = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ServeOptions>>().Value;
        return new RunningServer(app, new ServeOptions
        {
            PoliciesDirectory = served.PoliciesDirectory,
            Role = served.Role,
            BindAddress = served.BindAddress,
            XdsPort = served.ServesXds ? bound.PortOf(Listener.Xds) : served.XdsPort,
            ExtProcPort = served.ServesExtProc ? bound.PortOf(Listener.ExtProc) : served.ExtProcPort,
            AdminPort = bound.PortOf(Listener.Admin),
            DebugPort = bound.PortOf(Listener.Debug),
            DebugBind = served.DebugBind,
        });
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

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
