using ControlPlane.Xds.Tests.Infrastructure;

namespace ControlPlane.Xds.Tests;

/// <summary>Make before break: CDS, EDS, LDS, RDS, and removals only once the additions that replace them are ACKed.</summary>
public sealed class UpdateOrderTests
{
    private static readonly string[] ProtocolOrder = [ResourceTypes.Cluster, ResourceTypes.Endpoint, ResourceTypes.Listener, ResourceTypes.Route];

    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task A_stream_that_requested_every_type_receives_them_in_protocol_order(XdsVariant variant)
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Publish("gw", new GatewayConfig().Cluster("z").Build());
        await using var envoy = EnvoyClients.Open(variant, server.Channel, "node-1", "gw", followReferences: false);

        // Asked in reverse order; the answer to the last request (the cluster "z") shows all four were handled.
        await envoy.SubscribeAsync(ResourceTypes.Route, GatewayConfig.RouteConfigName);
        await envoy.SubscribeWildcardAsync(ResourceTypes.Listener);
        await envoy.SubscribeAsync(ResourceTypes.Endpoint, "a");
        await envoy.SubscribeWildcardAsync(ResourceTypes.Cluster);
        var clusters = await envoy.ResponseAsync(0, r => r.Names.Contains("z"), "cluster z");

        var snapshot = server.Publish("gw", GatewayConfig.Simple("a").Build());
        await envoy.WaitUntilHoldsAsync(snapshot, ResourceTypes.Listener, ResourceTypes.Route);

        var update = envoy.Responses.Skip(clusters.Index + 1).Take(4).Select(r => r.TypeUrl);
        Assert.Equal(ProtocolOrder, update);
    }

    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task A_fresh_stream_asking_in_protocol_order_is_answered_in_that_order(XdsVariant variant)
    {
        await using var server = await XdsTestServer.StartAsync();
        var snapshot = server.Publish("gw", GatewayConfig.Simple("a").Build());
        await using var envoy = EnvoyClients.Open(variant, server.Channel, "node-1", "gw", followReferences: false);

        await envoy.SubscribeWildcardAsync(ResourceTypes.Cluster);
        await envoy.SubscribeAsync(ResourceTypes.Endpoint, "a");
        await envoy.SubscribeWildcardAsync(ResourceTypes.Listener);
        await envoy.SubscribeAsync(ResourceTypes.Route, GatewayConfig.RouteConfigName);
        await envoy.WaitUntilHoldsAsync(snapshot);

        Assert.Equal(ProtocolOrder, envoy.Responses.Select(r => r.TypeUrl));
    }

    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task An_update_touching_every_type_arrives_as_CDS_EDS_LDS_RDS(XdsVariant variant)
    {
        await using var synced = await SyncedEnvoy.StartAsync(variant, GatewayConfig.Simple("a"));
        var envoy = synced.Envoy;
        var mark = envoy.ResponseCount;

        await synced.UpdateAsync(GatewayConfig.SimpleEditedEverywhere("a"));

        Assert.Equal(ProtocolOrder, envoy.Responses.Skip(mark).Select(r => r.TypeUrl));
    }

    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task Replacing_a_cluster_adds_the_new_one_and_its_route_before_removing_the_old_one(XdsVariant variant)
    {
        await using var synced = await SyncedEnvoy.StartAsync(variant, GatewayConfig.Simple("a"));
        var envoy = synced.Envoy;
        var mark = envoy.ResponseCount;

        await synced.UpdateAsync(GatewayConfig.Simple("b"));

        var update = envoy.Responses.Skip(mark).ToList();
        var addsB = update.FindIndex(r => r.TypeUrl == ResourceTypes.Cluster && r.Names.Contains("b"));
        var endpointsOfB = update.FindIndex(r => r.TypeUrl == ResourceTypes.Endpoint && r.Names.Contains("b"));
        var routeToB = update.FindIndex(r => r.TypeUrl == ResourceTypes.Route && RoutesTo(r, "b"));
        var dropsA = update.FindIndex(r => DropsCluster(variant, r, "a"));
        Assert.True(addsB >= 0 && endpointsOfB >= 0 && routeToB >= 0 && dropsA >= 0, string.Join("; ", update));
        Assert.True(dropsA > addsB && dropsA > endpointsOfB && dropsA > routeToB, string.Join("; ", update));
    }

    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task A_removal_waits_until_every_addition_is_acknowledged(XdsVariant variant)
    {
        await using var synced = await SyncedEnvoy.StartAsync(variant, GatewayConfig.Simple("a"));
        var envoy = synced.Envoy;
        envoy.AutoAck = false;
        var mark = envoy.ResponseCount;

        var after = synced.Server.Publish(SyncedEnvoy.Group, GatewayConfig.Simple("b").Build());
        var addsB = await envoy.ResponseAsync(mark, r => r.TypeUrl == ResourceTypes.Cluster && r.Names.Contains("b"), "cluster b");
        await envoy.ResponseAsync(mark, r => r.TypeUrl == ResourceTypes.Route && RoutesTo(r, "b"), "the route to b");

        // Everything answered but the cluster addition: nothing may be removed yet.
        await envoy.AckPendingAsync(r => r.Index != addsB.Index);
        var probe = await envoy.ProbeAsync(ResourceTypes.Route, GatewayConfig.RouteConfigName);
        Assert.DoesNotContain(envoy.Responses.Take(probe.Index), r => DropsCluster(variant, r, "a"));

        envoy.AutoAck = true;
        await envoy.AckPendingAsync();
        await envoy.WaitUntilHoldsAsync(after);
        Assert.Contains(envoy.Responses.Skip(probe.Index), r => DropsCluster(variant, r, "a"));
    }

    /// <summary>SotW drops a cluster by leaving it out of the complete set; delta names it in removed_resources.</summary>
    private static bool DropsCluster(XdsVariant variant, ReceivedResponse response, string name) =>
        response.TypeUrl == ResourceTypes.Cluster
        && (variant == XdsVariant.Delta ? response.Removed.Contains(name) : !response.Names.Contains(name));

    private static bool RoutesTo(ReceivedResponse response, string cluster) =>
        response.Resources.Any(r => r.Resource.Unpack<Envoy.Config.Route.V3.RouteConfiguration>()
            .VirtualHosts.SelectMany(v => v.Routes).Any(route => route.Route_?.Cluster == cluster));
}
