using ControlPlane.Xds.Tests.Infrastructure;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;

namespace ControlPlane.Xds.Tests;

/// <summary>The test server listens through <see cref="XdsKestrel"/>, as the host does; its settings reach the wire.</summary>
public sealed class KestrelSettingsTests
{
    [Fact]
    public async Task An_xds_stream_is_served_over_cleartext_http2_without_a_server_header()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Publish("gw", GatewayConfig.Simple("a").Build());
        var client = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(server.Channel);
        using var call = client.StreamAggregatedResources();

        await call.RequestStream.WriteAsync(new DiscoveryRequest { TypeUrl = ResourceTypes.Cluster, Node = new Node { Id = "n", Cluster = "gw" } });
        var headers = await call.ResponseHeadersAsync.WithinGuard("the response headers");
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WithinGuard("the cluster response"));

        Assert.Equal(ResourceTypes.Cluster, call.ResponseStream.Current.TypeUrl);
        Assert.DoesNotContain(headers, h => h.Key == "server");
        Assert.Contains(headers, h => h.Key == "date");
    }
}
