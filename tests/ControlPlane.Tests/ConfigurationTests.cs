using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Grpc.Core;

namespace ControlPlane.Tests;

/// <summary>Every serve setting can come from configuration, not only from flags.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public async Task The_xds_request_limit_is_set_from_configuration()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using (var unlimited = await RunningServer.StartAsync(policies.Root))
        {
            using var accepted = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(unlimited.Channel).StreamAggregatedResources();
            await accepted.RequestStream.WriteAsync(LargeRequest());
            Assert.True(await accepted.ResponseStream.MoveNext(CancellationToken.None));
        }

        await using var server = await RunningServer.StartAsync(policies.Root, settings: new Dictionary<string, string?> { ["ControlPlane:Xds:MaxRequestBytes"] = "2048" });
        using var stream = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(server.Channel).StreamAggregatedResources();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await stream.RequestStream.WriteAsync(LargeRequest());
            await stream.ResponseStream.MoveNext(CancellationToken.None);
        });

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("exceeds the limit of 2048 bytes (ControlPlane:Xds:MaxRequestBytes)", error.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>About 4 KB: under the default limit, over 2 KiB.</summary>
    private static DiscoveryRequest LargeRequest()
    {
        var request = new DiscoveryRequest { Node = new Node { Id = "n", Cluster = "public" }, TypeUrl = TypeUrls.Cluster };
        request.ResourceNames.AddRange(Enumerable.Range(0, 200).Select(i => $"cluster-name-{i:D4}"));
        return request;
    }
}
