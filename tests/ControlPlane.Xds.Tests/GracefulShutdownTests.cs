using ControlPlane.Xds.Tests.Infrastructure;

namespace ControlPlane.Xds.Tests;

/// <summary>Stopping the host ends open streams at once, so Envoys reconnect elsewhere instead of the host hanging.</summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Stopping_the_host_ends_every_open_stream_promptly()
    {
        // The test host waits up to two minutes for open requests: a stream left open shows up as a guard failure.
        await using var server = await XdsTestServer.StartAsync();
        var snapshot = server.Publish("gw", GatewayConfig.Simple("a").Build());
        var envoys = new[]
        {
            EnvoyClients.Open(XdsVariant.Sotw, server.Channel, "synced-sotw", "gw"),
            EnvoyClients.Open(XdsVariant.Delta, server.Channel, "synced-delta", "gw"),
            EnvoyClients.Open(XdsVariant.Sotw, server.Channel, "waiting-sotw", "no-config-yet"),
            EnvoyClients.Open(XdsVariant.Delta, server.Channel, "waiting-delta", "no-config-yet"),
        };
        await Task.WhenAll(envoys.Select(e => e.StartAsync()));
        await Task.WhenAll(envoys.Take(2).Select(e => e.WaitUntilHoldsAsync(snapshot)));
        await Guard.Until(() => server.Nodes.Snapshot().Count == envoys.Length, "every stream to be open");

        await server.StopAsync().WithinGuard("the host to stop");

        foreach (var envoy in envoys)
        {
            await envoy.Completion.ContinueWith(_ => { }, TaskScheduler.Default).WithinGuard($"the stream of {envoy.NodeId} to end");
        }
    }
}
