using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using UpstreamHttpProtocolOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;

namespace ControlPlane.Translation.Tests;

public sealed class BootstrapGeneratorTests
{
    [Fact]
    public void Node_is_the_gateway_and_the_id_is_left_to_each_envoy_unless_given()
    {
        var node = BootstrapGenerator.Generate(new BootstrapOptions("public")).Node;

        Assert.Equal("public", node.Cluster);
        Assert.Equal("", node.Id);
        Assert.Equal("envoy-7", BootstrapGenerator.Generate(new BootstrapOptions("public") { NodeId = "envoy-7" }).Node.Id);
    }

    [Theory]
    [InlineData(false, ApiConfigSource.Types.ApiType.DeltaGrpc)]
    [InlineData(true, ApiConfigSource.Types.ApiType.Grpc)]
    public void Ads_is_delta_unless_sotw_is_asked_for(bool sotw, ApiConfigSource.Types.ApiType expected)
    {
        var dynamic = BootstrapGenerator.Generate(new BootstrapOptions("public") { UseSotw = sotw }).DynamicResources;

        Assert.Equal(expected, dynamic.AdsConfig.ApiType);
        Assert.Equal(ApiVersion.V3, dynamic.AdsConfig.TransportApiVersion);
        Assert.True(dynamic.AdsConfig.SetNodeOnFirstMessageOnly);
        Assert.Equal(BootstrapGenerator.XdsClusterName, Assert.Single(dynamic.AdsConfig.GrpcServices).EnvoyGrpc.ClusterName);
        Assert.NotNull(dynamic.CdsConfig.Ads);
        Assert.NotNull(dynamic.LdsConfig.Ads);
        Assert.Equal(ApiVersion.V3, dynamic.CdsConfig.ResourceApiVersion);
        Assert.Equal(ApiVersion.V3, dynamic.LdsConfig.ResourceApiVersion);
    }

    [Theory]
    [InlineData("10.1.2.3:18000", "10.1.2.3", Cluster.Types.DiscoveryType.Static)]
    [InlineData("[fd00::1]:18000", "fd00::1", Cluster.Types.DiscoveryType.Static)]
    [InlineData("control-plane.infra:18000", "control-plane.infra", Cluster.Types.DiscoveryType.StrictDns)]
    public void Xds_cluster_is_static_for_ips_and_dns_otherwise_and_speaks_http2(string address, string host, Cluster.Types.DiscoveryType type)
    {
        var cluster = Assert.Single(BootstrapGenerator.Generate(new BootstrapOptions("public") { XdsAddress = address }).StaticResources.Clusters);

        Assert.Equal(BootstrapGenerator.XdsClusterName, cluster.Name);
        Assert.Equal(type, cluster.Type);
        var socket = cluster.LoadAssignment.Endpoints[0].LbEndpoints[0].Endpoint.Address.SocketAddress;
        Assert.Equal(host, socket.Address);
        Assert.Equal(18000u, socket.PortValue);
        var options = cluster.TypedExtensionProtocolOptions["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"].Unpack<UpstreamHttpProtocolOptions>();
        Assert.NotNull(options.ExplicitHttpConfig.Http2ProtocolOptions);
    }

    [Fact]
    public void Admin_listens_on_loopback_by_default()
    {
        var admin = BootstrapGenerator.Generate(new BootstrapOptions("public")).Admin.Address.SocketAddress;

        Assert.Equal("127.0.0.1", admin.Address);
        Assert.Equal(9901u, admin.PortValue);
    }

    [Theory]
    [InlineData("control-plane")]
    [InlineData("control-plane:")]
    [InlineData("control-plane:http")]
    [InlineData(":18000")]
    [InlineData("fd00::1:18000")]
    [InlineData("host:70000")]
    public void Malformed_xds_addresses_are_refused(string address)
    {
        Assert.Throws<FormatException>(() => BootstrapGenerator.Generate(new BootstrapOptions("public") { XdsAddress = address }));
    }
}
