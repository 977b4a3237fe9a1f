using ControlPlane.Xds.Tests.Infrastructure;
using Envoy.Config.Cluster.V3;

namespace ControlPlane.Xds.Tests;

/// <summary>A rejected version is never pushed again to the stream that rejected it, nor to that Envoy when it reconnects holding what it held; the error is kept for status.</summary>
public sealed class NackTests
{
    private const string Error = "cluster 'a': connect_timeout too long";

    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task A_rejected_version_is_never_sent_again_to_that_node_but_the_next_version_is(XdsVariant variant)
    {
        await using var synced = await SyncedEnvoy.StartAsync(variant, GatewayConfig.Simple("a"));
        var (server, envoy) = (synced.Server, synced.Envoy);
        envoy.RejectWhen = response => response.Resources.Any(r => r.Resource.TypeUrl == ResourceTypes.Cluster
            && r.Resource.Unpack<Cluster>().ConnectTimeout.ToTimeSpan() == TimeSpan.FromSeconds(5)) ? Error : null;
        await using var other = EnvoyClients.Open(variant, server.Channel, "node-2", SyncedEnvoy.Group);
        await other.StartAsync();

        var rejected = server.Publish(SyncedEnvoy.Group, GatewayConfig.Simple("a").Cluster("a", connectTimeoutMs: 5000).Build());
        var nack = await envoy.ResponseAsync(0, r => r.RejectedWith is not null, "the response the node rejects");

        // Not again on the same stream...
        var probe = await envoy.ProbeAsync();
        Assert.Equal(nack.Index + 1, probe.Index);
        var status = server.StatusOf("node-1", ResourceTypes.Cluster);
        Assert.Equal("ERROR", status?.State);
        Assert.Contains(Error, status!.LastError, StringComparison.Ordinal);

        // ...nor after reconnecting; other nodes are not affected.
        await envoy.DisposeAsync();
        await using var resumed = await envoy.ReconnectAsync(server.Channel);
        Assert.Equal(0, (await resumed.ProbeAsync()).Index);
        await other.WaitUntilHoldsAsync(rejected);

        var fixedConfig = server.Publish(SyncedEnvoy.Group, GatewayConfig.Simple("a").Cluster("a", connectTimeoutMs: 2000).Build());
        await resumed.WaitUntilHoldsAsync(fixedConfig);
        await Guard.Until(() => server.StatusOf("node-1", ResourceTypes.Cluster)?.State == "SYNCED", "the node to be in sync again");
        Assert.DoesNotContain(resumed.Responses, r => r.RejectedWith is not null);
    }

    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task A_long_rejection_error_is_kept_only_in_part(XdsVariant variant)
    {
        await using var synced = await SyncedEnvoy.StartAsync(variant, GatewayConfig.Simple("a"));
        var (server, envoy) = (synced.Server, synced.Envoy);
        envoy.RejectWhen = response => response.TypeUrl == ResourceTypes.Endpoint ? new string('e', 100_000) : null;

        server.Publish(SyncedEnvoy.Group, GatewayConfig.Simple("a").Endpoints("a", 9090).Build());
        await envoy.ResponseAsync(0, r => r.RejectedWith is not null, "the NACK");

        await Guard.Until(() => server.StatusOf("node-1", ResourceTypes.Endpoint)?.State == "ERROR", "the NACK to be recorded");
        Assert.InRange(server.StatusOf("node-1", ResourceTypes.Endpoint)!.LastError!.Length, 1_000, 1_100);
    }
}
