using ControlPlane.Xds.Tests.Infrastructure;

namespace ControlPlane.Xds.Tests;

/// <summary>Many Envoys at once, on both variants, all converge on a published snapshot and acknowledge it.</summary>
public sealed class ConcurrentStreamsTests
{
    private const int Streams = 500;

    [Fact]
    public async Task Five_hundred_mixed_streams_all_receive_and_acknowledge_a_published_snapshot()
    {
        await using var server = await XdsTestServer.StartAsync();
        var first = server.Publish("gw", GatewayConfig.Simple("a", "a", "b").Build());
        var channels = Enumerable.Range(0, 5).Select(_ => server.OpenChannel()).ToArray();
        var envoys = Enumerable.Range(0, Streams)
            .Select(i => EnvoyClients.Open(i % 2 == 0 ? XdsVariant.Sotw : XdsVariant.Delta, channels[i % channels.Length], $"node-{i}", "gw"))
            .ToList();
        try
        {
            await Task.WhenAll(envoys.Select(e => e.StartAsync()));
            await Task.WhenAll(envoys.Select(e => e.WaitUntilHoldsAsync(first)));

            var second = server.Publish("gw", GatewayConfig.Simple("b", "a", "b").Endpoints("a", 9090).Build());
            await Task.WhenAll(envoys.Select(e => e.WaitUntilHoldsAsync(second)));

            await Guard.Until(
                () => server.Nodes.Snapshot().Count(n => n.Types.Count == 4 && n.Types.All(t => t.State == "SYNCED")) == Streams,
                "every node's ACK of every type");
            Assert.All(envoys, e => Assert.DoesNotContain(e.Responses, r => r.RejectedWith is not null));
        }
        finally
        {
            await Task.WhenAll(envoys.Select(e => e.DisposeAsync().AsTask()));
        }
    }
}
