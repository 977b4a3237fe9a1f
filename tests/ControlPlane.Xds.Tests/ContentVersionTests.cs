using ControlPlane.Xds.Tests.Infrastructure;

namespace ControlPlane.Xds.Tests;

/// <summary>Versions are hashes of content: a restart or another replica changes nothing, so Envoys are sent nothing again.</summary>
public sealed class ContentVersionTests
{
    [Fact]
    public async Task The_same_resources_get_the_same_versions_from_separately_started_servers()
    {
        await using var first = await XdsTestServer.StartAsync();
        await using var second = await XdsTestServer.StartAsync();

        var one = first.Cache.Publish("gw", GatewayConfig.Simple("a", "a", "b").Build());
        var other = second.Cache.Publish("gw", GatewayConfig.Simple("a", "a", "b").Build());

        Assert.Equal(one.Version, other.Version);
        foreach (var type in ResourceTypes.AdditionOrder)
        {
            var before = first.Cache.Get("gw")!.Get(type);
            var after = second.Cache.Get("gw")!.Get(type);
            Assert.Equal(before.Version, after.Version);
            Assert.Equal(before.Resources.Select(r => (r.Key, r.Value.Version)), after.Resources.Select(r => (r.Key, r.Value.Version)));
        }
    }

    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task An_Envoy_reconnecting_to_a_restarted_server_with_the_same_config_is_sent_nothing(XdsVariant variant)
    {
        var config = GatewayConfig.Simple("a", "a", "b");
        var envoy = await EnvoyOfStoppedServerAsync(variant, config);
        await using var restarted = await XdsTestServer.StartAsync();
        var snapshot = restarted.Publish("gw", config.Build());
        await using var resumed = await envoy.ReconnectAsync(restarted.Channel);

        var probe = await resumed.ProbeAsync();
        Assert.Equal(0, probe.Index);
        Assert.True(resumed.Holds(snapshot));
    }

    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task An_Envoy_that_reconnects_before_the_restarted_server_publishes_is_sent_nothing_once_it_does(XdsVariant variant)
    {
        var config = GatewayConfig.Simple("a", "a", "b");
        var envoy = await EnvoyOfStoppedServerAsync(variant, config);
        await using var restarted = await XdsTestServer.StartAsync();
        await using var resumed = await envoy.ReconnectAsync(restarted.Channel);
        await Guard.Until(() => restarted.Nodes.Snapshot().Count > 0, "the reconnected node");
        var snapshot = restarted.Publish("gw", config.Build());

        var probe = await resumed.ProbeAsync();
        Assert.Equal(0, probe.Index);
        Assert.True(resumed.Holds(snapshot));
    }

    /// <summary>An Envoy that held <paramref name="config"/> from a server that has since stopped.</summary>
    private static async Task<EnvoyClient> EnvoyOfStoppedServerAsync(XdsVariant variant, GatewayConfig config)
    {
        await using var before = await SyncedEnvoy.StartAsync(variant, config);
        return before.Envoy;
    }

    [Fact]
    public async Task A_reconnecting_delta_Envoy_is_sent_only_what_changed_and_told_what_is_gone()
    {
        await using var synced = await SyncedEnvoy.StartAsync(XdsVariant.Delta, GatewayConfig.Simple("a", "a", "b", "c"));
        await synced.Envoy.DisposeAsync();
        var snapshot = synced.Server.Publish(SyncedEnvoy.Group, GatewayConfig.Simple("a", "a", "b").Cluster("a", connectTimeoutMs: 2000).Build());

        await using var resumed = await synced.Envoy.ReconnectAsync(synced.Server.Channel);
        await resumed.WaitUntilHoldsAsync(snapshot);

        var sent = resumed.Responses.SelectMany(r => r.Resources.Select(resource => $"{r.Type}/{resource.Name}"));
        Assert.Equal(["CDS/a"], sent);
        Assert.Contains(resumed.Responses, r => r.TypeUrl == ResourceTypes.Cluster && r.Removed.SequenceEqual(["c"]));
    }

    [Fact]
    public async Task A_reconnecting_sotw_Envoy_is_sent_only_the_types_that_changed()
    {
        await using var synced = await SyncedEnvoy.StartAsync(XdsVariant.Sotw, GatewayConfig.Simple("a", "a", "b", "c"));
        await synced.Envoy.DisposeAsync();
        var snapshot = synced.Server.Publish(SyncedEnvoy.Group, GatewayConfig.Simple("a", "a", "b").Cluster("a", connectTimeoutMs: 2000).Build());

        await using var resumed = await synced.Envoy.ReconnectAsync(synced.Server.Channel);
        await resumed.WaitUntilHoldsAsync(snapshot);
        var probe = await resumed.ProbeAsync();

        Assert.Equal(["CDS", "EDS"], resumed.Responses.Take(probe.Index).Select(r => r.Type).Distinct().Order());
    }
}
