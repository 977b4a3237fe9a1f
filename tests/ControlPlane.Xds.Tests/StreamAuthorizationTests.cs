using ControlPlane.Xds.Tests.Infrastructure;
using Envoy.Config.Core.V3;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ControlPlane.Xds.Tests;

/// <summary>
/// The host's identity check plugs in as an <see cref="IXdsStreamAuthorizer"/>: asked once per stream with the first
/// request's node; a denial ends only that stream with PERMISSION_DENIED and is counted.
/// </summary>
public sealed class StreamAuthorizationTests
{
    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task A_denied_stream_ends_with_permission_denied_and_other_streams_are_served(XdsVariant variant)
    {
        var authorizer = new DenyGroup("secret");
        await using var server = await XdsTestServer.StartAsync(addServices: s => s.Replace(ServiceDescriptor.Singleton<IXdsStreamAuthorizer>(authorizer)));
        using var metrics = new MetricCapture(server);
        var snapshot = server.Publish("gw", GatewayConfig.Simple("a").Build());
        server.Publish("secret", GatewayConfig.Simple("b").Build());

        await using var denied = EnvoyClients.Open(variant, server.Channel, "n-1", "secret");
        await denied.SubscribeWildcardAsync(ResourceTypes.Cluster);
        var error = await Assert.ThrowsAsync<RpcException>(() => denied.Completion.WithinGuard("the denial"));
        await using var allowed = EnvoyClients.Open(variant, server.Channel, "n-2", "gw");
        await allowed.StartAsync();
        await allowed.WaitUntilHoldsAsync(snapshot);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("group 'secret' is not yours", error.Status.Detail);
        Assert.Equal(1, metrics.Total("xds_streams_denied"));
        Assert.Equal(["n-1", "n-2"], authorizer.Asked.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task By_default_every_stream_is_allowed()
    {
        await using var server = await XdsTestServer.StartAsync();

        Assert.IsNotType<DenyGroup>(server.Services.GetRequiredService<IXdsStreamAuthorizer>());
        Assert.Null(server.Services.GetRequiredService<IXdsStreamAuthorizer>().Deny(new Node { Id = "n", Cluster = "any" }, null!));
    }

    private sealed class DenyGroup(string group) : IXdsStreamAuthorizer
    {
        public System.Collections.Concurrent.ConcurrentBag<string> Asked { get; } = [];

        public string? Deny(Node node, ServerCallContext context)
        {
            Asked.Add(node.Id);
            return node.Cluster == group ? $"group '{group}' is not yours" : null;
        }
    }
}
