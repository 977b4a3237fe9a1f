using ControlPlane.Xds.Tests.Infrastructure;

namespace ControlPlane.Xds.Tests;

/// <summary>Config is per gateway group (<c>node.cluster</c>): nodes wait for their group's first snapshot and share it.</summary>
public sealed class GatewayGroupTests
{
    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task A_node_whose_group_has_no_snapshot_waits_and_gets_config_once_one_is_published(XdsVariant variant)
    {
        await using var server = await XdsTestServer.StartAsync();
        await using var envoy = EnvoyClients.Open(variant, server.Channel, "node-1", "gw-a");
        await envoy.StartAsync();
        await Guard.Until(() => server.StreamsOf("node-1").Count > 0, "the node's stream to be open");

        var snapshot = server.Publish("gw-a", GatewayConfig.Simple().Build());

        await envoy.WaitUntilHoldsAsync(snapshot);
        Assert.False(envoy.Completion.IsCompleted, "the waiting stream must stay open");
        Assert.All(envoy.Responses.SelectMany(r => r.Resources), r => Assert.True(snapshot.Get(r.Resource.TypeUrl).TryGet(r.Name, out _)));
    }

    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task Nodes_of_one_group_share_its_snapshot_and_another_group_gets_its_own(XdsVariant variant)
    {
        await using var server = await XdsTestServer.StartAsync();
        var first = server.Publish("gw-a", GatewayConfig.Simple("a").Build());
        var second = server.Publish("gw-b", GatewayConfig.Simple("b").Build());

        await using var a1 = EnvoyClients.Open(variant, server.Channel, "a-1", "gw-a");
        await using var a2 = EnvoyClients.Open(variant, server.Channel, "a-2", "gw-a");
        await using var b1 = EnvoyClients.Open(variant, server.Channel, "b-1", "gw-b");
        await Task.WhenAll(a1.StartAsync(), a2.StartAsync(), b1.StartAsync());

        await Task.WhenAll(a1.WaitUntilHoldsAsync(first), a2.WaitUntilHoldsAsync(first), b1.WaitUntilHoldsAsync(second));
        Assert.Same(first, server.Cache.Get("gw-a"));
        Assert.Equal(
            a1.Responses.Select(r => (r.TypeUrl, r.Version)).Order(),
            a2.Responses.Select(r => (r.TypeUrl, r.Version)).Order());
        Assert.Equal(["a"], a1.Held(ResourceTypes.Cluster).Keys);
        Assert.Equal(["b"], b1.Held(ResourceTypes.Cluster).Keys);
    }
}
