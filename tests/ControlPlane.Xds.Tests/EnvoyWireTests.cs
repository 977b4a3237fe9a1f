using ControlPlane.Xds.Tests.Infrastructure;
using ControlPlane.Testing;

namespace ControlPlane.Xds.Tests;

/// <summary>
/// What the fake Envoys send is what Envoy's gRPC client sends, and the server serves it whatever authority and port the
/// client used: Envoy's <c>:authority</c> is the xDS cluster's name, and behind a port-forward or a Kubernetes Service
/// the port it dials is not the one the server listens on.
/// </summary>
public sealed class EnvoyWireTests
{
    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task A_fake_envoy_sends_the_cluster_name_as_authority_envoys_headers_and_the_node_only_first(XdsVariant variant)
    {
        var wire = new WireRecorder();
        await using var server = await XdsTestServer.StartAsync(addServices: wire.Register);
        var snapshot = server.Publish("gw", GatewayConfig.Simple("a").Build());
        await using var envoy = EnvoyClients.Open(variant, server.Channel, "node-1", "gw");

        await envoy.StartAsync();
        await envoy.WaitUntilHoldsAsync(snapshot);

        var stream = Assert.Single(wire.Streams);
        Assert.Equal(EnvoyGrpcChannel.XdsCluster, stream.Authority);
        Assert.Equal("HTTP/2", stream.Protocol);
        Assert.Equal("trailers", stream.Headers["te"]);
        Assert.Equal("application/grpc", stream.Headers["content-type"]);
        Assert.StartsWith("envoy/", stream.Headers["user-agent"], StringComparison.Ordinal);
        Assert.DoesNotContain("grpc-accept-encoding", stream.Headers.Keys);
        Assert.DoesNotContain("grpc-timeout", stream.Headers.Keys);
        Assert.DoesNotContain(stream.Headers.Keys, k => k.StartsWith("x-envoy-", StringComparison.Ordinal));
        var nodes = stream.NodePresent;
        Assert.True(nodes.Count >= 4, $"expected the whole exchange, saw {nodes.Count} requests");
        Assert.Equal([true, .. Enumerable.Repeat(false, nodes.Count - 1)], nodes);
    }

    public static TheoryData<XdsVariant, string> VariantsAndAuthorities() =>
        VariantCases.Of([EnvoyGrpcChannel.XdsCluster, "anything.example.internal:7443", "10.96.0.12", "[::1]:1"]);

    [Theory]
    [MemberData(nameof(VariantsAndAuthorities))]
    public async Task Any_authority_is_served(XdsVariant variant, string authority)
    {
        var wire = new WireRecorder();
        await using var server = await XdsTestServer.StartAsync(addServices: wire.Register);
        var snapshot = server.Publish("gw", GatewayConfig.Simple("a").Build());
        await using var envoy = EnvoyClients.Open(variant, server.OpenChannel(authority), "node-1", "gw");

        await envoy.StartAsync();
        await envoy.WaitUntilHoldsAsync(snapshot);

        Assert.Equal(authority, Assert.Single(wire.Streams).Authority);
    }

    [Theory]
    [InlineData(XdsVariant.Sotw, EnvoyGrpcChannel.XdsCluster)]
    [InlineData(XdsVariant.Delta, EnvoyGrpcChannel.XdsCluster)]
    [InlineData(XdsVariant.Sotw, null)]
    [InlineData(XdsVariant.Delta, null)]
    public async Task A_client_behind_a_port_forward_is_served(XdsVariant variant, string? authority)
    {
        var wire = new WireRecorder();
        await using var server = await XdsTestServer.StartAsync(addServices: wire.Register);
        await using var forwarder = new TcpForwarder(server.EndPoint.Port);
        Assert.NotEqual(server.EndPoint.Port, forwarder.Port);
        // Null: the authority a client dialling the forwarder names by itself, with the forwarder's port.
        authority ??= $"127.0.0.1:{forwarder.Port}";
        var snapshot = server.Publish("gw", GatewayConfig.Simple("a").Build());
        await using var envoy = EnvoyClients.Open(variant, server.OpenChannel(authority, dial: new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, forwarder.Port)), "node-1", "gw");

        await envoy.StartAsync();
        await envoy.WaitUntilHoldsAsync(snapshot);

        var update = server.Publish("gw", GatewayConfig.SimpleEditedEverywhere("a").Build());
        await envoy.WaitUntilHoldsAsync(update);
        Assert.Equal(authority, Assert.Single(wire.Streams).Authority);
    }
}
