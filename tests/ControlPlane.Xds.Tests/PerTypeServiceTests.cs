using ControlPlane.Xds.Tests.Infrastructure;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Grpc.Core;
using Cds = Envoy.Service.Cluster.V3.ClusterDiscoveryService;
using Eds = Envoy.Service.Endpoint.V3.EndpointDiscoveryService;
using Lds = Envoy.Service.Listener.V3.ListenerDiscoveryService;
using Rds = Envoy.Service.Route.V3.RouteDiscoveryService;

namespace ControlPlane.Xds.Tests;

/// <summary>LDS, RDS, CDS and EDS as separate services, for Envoys configured without ADS: stream, delta and fetch.</summary>
public sealed class PerTypeServiceTests
{
    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task Each_per_type_stream_serves_its_type_and_its_updates(XdsVariant variant)
    {
        await using var server = await XdsTestServer.StartAsync();
        var snapshot = server.Publish("gw", GatewayConfig.Simple("a").Build());
        var streams = ResourceTypes.AdditionOrder.ToDictionary(type => type, type => EnvoyClients.Open(variant, server.Channel, "node-1", "gw", service: type));
        try
        {
            await streams[ResourceTypes.Cluster].SubscribeWildcardAsync(ResourceTypes.Cluster);
            await streams[ResourceTypes.Endpoint].SubscribeAsync(ResourceTypes.Endpoint, "a");
            await streams[ResourceTypes.Listener].SubscribeWildcardAsync(ResourceTypes.Listener);
            await streams[ResourceTypes.Route].SubscribeAsync(ResourceTypes.Route, GatewayConfig.RouteConfigName);
            await Task.WhenAll(streams.Select(s => s.Value.WaitUntilHoldsAsync(snapshot, s.Key)));

            var update = server.Publish("gw", GatewayConfig.SimpleEditedEverywhere("a").Build());
            await Task.WhenAll(streams.Select(s => s.Value.WaitUntilHoldsAsync(update, s.Key)));
        }
        finally
        {
            await Task.WhenAll(streams.Values.Select(s => s.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task Fetch_returns_the_current_resources_of_its_type_with_the_stream_version()
    {
        await using var server = await XdsTestServer.StartAsync();
        var snapshot = server.Publish("gw", GatewayConfig.Simple("a", "a", "b").Build());
        var node = new Node { Id = "node-1", Cluster = "gw" };
        var channel = server.Channel;

        var fetched = new Dictionary<string, DiscoveryResponse>
        {
            [ResourceTypes.Cluster] = await new Cds.ClusterDiscoveryServiceClient(channel).FetchClustersAsync(new DiscoveryRequest { Node = node }),
            [ResourceTypes.Endpoint] = await new Eds.EndpointDiscoveryServiceClient(channel).FetchEndpointsAsync(new DiscoveryRequest { Node = node, ResourceNames = { "b", "a" } }),
            [ResourceTypes.Listener] = await new Lds.ListenerDiscoveryServiceClient(channel).FetchListenersAsync(new DiscoveryRequest { Node = node }),
            [ResourceTypes.Route] = await new Rds.RouteDiscoveryServiceClient(channel).FetchRoutesAsync(new DiscoveryRequest { Node = node, ResourceNames = { GatewayConfig.RouteConfigName } }),
        };

        foreach (var (type, response) in fetched)
        {
            var expected = snapshot.Get(type);
            Assert.Equal(expected.Version, response.VersionInfo);
            Assert.Equal(type, response.TypeUrl);
            Assert.Equal(expected.Resources.Values.Select(r => r.Body), response.Resources.Select(r => r.Value));
        }
    }

    [Fact]
    public async Task Fetch_for_a_group_without_config_is_unavailable()
    {
        await using var server = await XdsTestServer.StartAsync();
        var client = new Cds.ClusterDiscoveryServiceClient(server.Channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.FetchClustersAsync(new DiscoveryRequest { Node = new Node { Id = "node-1", Cluster = "nowhere" } }));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("nowhere", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task A_per_type_stream_refuses_another_type_and_messages_over_the_size_limit(XdsVariant variant)
    {
        await using var server = await XdsTestServer.StartAsync(options => options.MaxRequestBytes = 4096);
        await using var foreign = EnvoyClients.Open(variant, server.Channel, "node-1", "gw", service: ResourceTypes.Cluster);
        await using var oversized = EnvoyClients.Open(variant, server.Channel, "node-2", "gw", service: ResourceTypes.Endpoint);

        await foreign.SubscribeWildcardAsync(ResourceTypes.Listener);
        await oversized.SubscribeAsync(ResourceTypes.Endpoint, new string('x', 8192));

        var wrongType = await Assert.ThrowsAsync<RpcException>(() => foreign.Completion.WithinGuard("the stream to end"));
        var tooLarge = await Assert.ThrowsAsync<RpcException>(() => oversized.Completion.WithinGuard("the stream to end"));
        Assert.Equal((StatusCode.InvalidArgument, StatusCode.InvalidArgument), (wrongType.StatusCode, tooLarge.StatusCode));
        Assert.Contains("CDS service", wrongType.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("4096 bytes", tooLarge.Status.Detail, StringComparison.Ordinal);
    }
}
