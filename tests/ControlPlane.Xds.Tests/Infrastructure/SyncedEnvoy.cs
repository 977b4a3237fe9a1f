using ControlPlane.Xds.Cache;

namespace ControlPlane.Xds.Tests.Infrastructure;

/// <summary>Where most tests start: a server serving a published config to one Envoy that holds it.</summary>
internal sealed class SyncedEnvoy : IAsyncDisposable
{
    public const string Group = "gw";

    private SyncedEnvoy(XdsTestServer server, EnvoyClient envoy, XdsSnapshot snapshot)
    {
        Server = server;
        Envoy = envoy;
        Snapshot = snapshot;
    }

    public XdsTestServer Server { get; }

    public EnvoyClient Envoy { get; }

    /// <summary>The snapshot the Envoy holds.</summary>
    public XdsSnapshot Snapshot { get; }

    public static async Task<SyncedEnvoy> StartAsync(XdsVariant variant, GatewayConfig config, Action<XdsServerOptions>? options = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? addServices = null)
    {
        var server = await XdsTestServer.StartAsync(options, addServices);
        var snapshot = server.Publish(Group, config.Build());
        var envoy = EnvoyClients.Open(variant, server.Channel, "node-1", Group);
        await envoy.StartAsync();
        await envoy.WaitUntilHoldsAsync(snapshot);
        return new SyncedEnvoy(server, envoy, snapshot);
    }

    /// <summary>Publishes a new config and waits until the Envoy holds it.</summary>
    public async Task<XdsSnapshot> UpdateAsync(GatewayConfig config)
    {
        var snapshot = Server.Publish(Group, config.Build());
        await Envoy.WaitUntilHoldsAsync(snapshot);
        return snapshot;
    }

    public async ValueTask DisposeAsync()
    {
        await Envoy.DisposeAsync();
        await Server.DisposeAsync();
    }
}
