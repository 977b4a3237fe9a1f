using ControlPlane.Xds.Tests.Infrastructure;
using Envoy.Service.Discovery.V3;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Xds.Tests;

/// <summary>A resource is serialized once per snapshot; every stream sends the same bytes, whatever the variant.</summary>
public sealed class SharedSerializationTests
{
    [Fact]
    public async Task Every_stream_sends_the_same_serialized_resource_objects()
    {
        var capture = new ResponseCapture();
        await using var server = await XdsTestServer.StartAsync(addServices: services =>
        {
            services.AddSingleton(capture);
            services.Configure<GrpcServiceOptions>(grpc => grpc.Interceptors.Add<ResponseCapture>());
        });
        var snapshot = server.Publish("gw", GatewayConfig.Simple("a", "a", "b").Build());
        var envoys = new[] { XdsVariant.Sotw, XdsVariant.Sotw, XdsVariant.Delta, XdsVariant.Delta }
            .Select((variant, i) => EnvoyClients.Open(variant, server.Channel, $"node-{i}", "gw"))
            .ToList();
        try
        {
            await Task.WhenAll(envoys.Select(e => e.StartAsync()));
            await Task.WhenAll(envoys.Select(e => e.WaitUntilHoldsAsync(snapshot)));
        }
        finally
        {
            await Task.WhenAll(envoys.Select(e => e.DisposeAsync().AsTask()));
        }

        var cluster = snapshot.Get(ResourceTypes.Cluster).Resources["a"];
        var sotwCopies = capture.Written.OfType<DiscoveryResponse>().SelectMany(r => r.Resources).Where(r => r.Value == cluster.Body).ToList();
        var deltaCopies = capture.Written.OfType<DeltaDiscoveryResponse>().SelectMany(r => r.Resources).Where(r => r.Name == "a" && r.Resource_.TypeUrl == ResourceTypes.Cluster).ToList();
        Assert.Equal(2, sotwCopies.Count);
        Assert.Equal(2, deltaCopies.Count);
        Assert.All(sotwCopies, any => Assert.Same(cluster.Any, any));
        Assert.All(deltaCopies, resource => Assert.Same(cluster.Delta, resource));
        Assert.Same(cluster.Body, cluster.Any.Value);
    }
}
