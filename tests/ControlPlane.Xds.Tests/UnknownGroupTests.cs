using ControlPlane.Xds.Cache;
using ControlPlane.Xds.Tests.Infrastructure;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Xds.Tests;

/// <summary>
/// A client may name any <c>node.cluster</c>. A group without a snapshot is held only while streams wait on it, and
/// only so many at once: beyond the cap a stream for yet another unknown group is refused and counted.
/// </summary>
public sealed class UnknownGroupTests
{
    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task A_group_without_a_snapshot_is_forgotten_with_its_last_stream(XdsVariant variant)
    {
        await using var server = await XdsTestServer.StartAsync();
        var cache = server.Services.GetRequiredService<SnapshotCache>();
        server.Publish("gw", GatewayConfig.Simple("a").Build());
        var first = EnvoyClients.Open(variant, server.Channel, "node-1", "nowhere");
        var second = EnvoyClients.Open(variant, server.Channel, "node-2", "nowhere");
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        await Guard.Until(() => server.Nodes.Snapshot().Count == 2, "both streams to wait on the unknown group");
        Assert.Equal(1, cache.UnknownGroups);

        await first.DisposeAsync();
        await Guard.Until(() => server.Nodes.Snapshot().Count == 1, "the first stream to end");
        Assert.Equal(1, cache.UnknownGroups);
        await second.DisposeAsync();

        await Guard.Until(() => cache.UnknownGroups == 0, "the unknown group to be forgotten");
        Assert.Equal(["gw"], cache.Groups);
        Assert.Null(cache.Get("nowhere"));
    }

    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task Beyond_the_cap_a_stream_for_another_unknown_group_is_refused_and_counted(XdsVariant variant)
    {
        await using var server = await XdsTestServer.StartAsync(options => options.MaxUnknownGroups = 2);
        using var metrics = new MetricCapture(server);
        var snapshot = server.Publish("gw", GatewayConfig.Simple("a").Build());
        await using var u1 = EnvoyClients.Open(variant, server.Channel, "u-1", "unknown-1");
        var u2 = EnvoyClients.Open(variant, server.Channel, "u-2", "unknown-2");
        await Task.WhenAll(u1.StartAsync(), u2.StartAsync());
        await Guard.Until(() => server.Nodes.Snapshot().Count == 2, "two unknown groups to be waited on");

        await using var refused = EnvoyClients.Open(variant, server.Channel, "u-3", "unknown-3");
        // One request: a second write could race the refusal.
        await refused.SubscribeWildcardAsync(ResourceTypes.Cluster);
        var error = await Assert.ThrowsAsync<RpcException>(() => refused.Completion.WithinGuard("the refusal"));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("MaxUnknownGroups", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, metrics.Total("xds_streams_refused"));

        // Groups already held and published ones are still served.
        await using var sameUnknown = EnvoyClients.Open(variant, server.Channel, "u-1b", "unknown-1");
        await using var known = EnvoyClients.Open(variant, server.Channel, "gw-1", "gw");
        await Task.WhenAll(sameUnknown.StartAsync(), known.StartAsync());
        await known.WaitUntilHoldsAsync(snapshot);
        await Guard.Until(() => server.StreamsOf("u-1b").Count == 1, "the stream for a held unknown group");

        // Once a group is forgotten there is room again.
        await u2.DisposeAsync();
        await Guard.Until(() => server.StreamsOf("u-2").Count == 0, "the second unknown group's stream to end");
        await using var admitted = EnvoyClients.Open(variant, server.Channel, "u-3", "unknown-3");
        await admitted.StartAsync();
        var later = server.Publish("unknown-3", GatewayConfig.Simple("b").Build());
        await admitted.WaitUntilHoldsAsync(later);
        Assert.Equal(1, metrics.Total("xds_streams_refused"));
    }
}
