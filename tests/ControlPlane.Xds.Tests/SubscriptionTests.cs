using ControlPlane.Xds.Tests.Infrastructure;

namespace ControlPlane.Xds.Tests;

/// <summary>Wildcard and named subscriptions, unsubscribing, and subscribing again to what a node already holds.</summary>
public sealed class SubscriptionTests
{
    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task A_named_subscription_gets_only_its_names_and_a_wildcard_one_gets_everything(XdsVariant variant)
    {
        await using var server = await XdsTestServer.StartAsync();
        var snapshot = server.Publish("gw", GatewayConfig.Simple("a", "a", "b").Build());
        await using var named = EnvoyClients.Open(variant, server.Channel, "named", "gw", followReferences: false);
        await using var legacy = EnvoyClients.Open(variant, server.Channel, "legacy", "gw", followReferences: false);
        await using var star = EnvoyClients.Open(variant, server.Channel, "star", "gw", followReferences: false);

        await named.SubscribeAsync(ResourceTypes.Cluster, "b");
        await legacy.SubscribeWildcardAsync(ResourceTypes.Cluster);
        await star.SubscribeWildcardAsync(ResourceTypes.Cluster, explicitly: true);

        await Task.WhenAll(legacy.WaitUntilHoldsAsync(snapshot, ResourceTypes.Cluster), star.WaitUntilHoldsAsync(snapshot, ResourceTypes.Cluster));
        var response = await named.ResponseAsync(0);
        Assert.Equal(["b"], response.Names);
    }

    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task An_unsubscribed_resource_is_no_longer_updated(XdsVariant variant)
    {
        await using var synced = await SyncedEnvoy.StartAsync(variant, GatewayConfig.Simple("a", "a", "b"));
        var envoy = synced.Envoy;
        await envoy.UnsubscribeAsync(ResourceTypes.Endpoint, "a");
        await envoy.ProbeAsync();
        var mark = envoy.ResponseCount;

        synced.Server.Publish(SyncedEnvoy.Group, GatewayConfig.Simple("a", "a", "b").Endpoints("a", 9090).Endpoints("b", 9090).Build());
        await envoy.ResponseAsync(mark, r => r.TypeUrl == ResourceTypes.Endpoint && r.Names.Contains("b"), "the update of b");
        var probe = await envoy.ProbeAsync();

        Assert.DoesNotContain(envoy.Responses.Skip(mark).Take(probe.Index - mark), r => r.Names.Contains("a") && r.TypeUrl == ResourceTypes.Endpoint);
    }

    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task Unsubscribing_and_resubscribing_at_once_to_a_held_resource_is_answered(XdsVariant variant)
    {
        await using var synced = await SyncedEnvoy.StartAsync(variant, GatewayConfig.Simple("a"));
        var envoy = synced.Envoy;
        var mark = envoy.ResponseCount;

        await envoy.UnsubscribeAsync(ResourceTypes.Route, GatewayConfig.RouteConfigName);
        await envoy.SubscribeAsync(ResourceTypes.Route, GatewayConfig.RouteConfigName);

        await envoy.ResponseAsync(mark, r => r.Names.Contains(GatewayConfig.RouteConfigName), "the route configuration again");
        await envoy.WaitUntilHoldsAsync(synced.Snapshot);
    }

    [Fact]
    public async Task A_delta_subscription_to_a_resource_already_held_is_answered()
    {
        await using var synced = await SyncedEnvoy.StartAsync(XdsVariant.Delta, GatewayConfig.Simple("a"));
        var mark = synced.Envoy.ResponseCount;

        await synced.Envoy.SubscribeAsync(ResourceTypes.Endpoint, "a");

        var again = await synced.Envoy.ResponseAsync(mark);
        Assert.Equal(ResourceTypes.Endpoint, again.TypeUrl);
        Assert.Equal(["a"], again.Names);
    }
}
