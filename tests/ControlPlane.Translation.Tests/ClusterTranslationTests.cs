using ControlPlane.Ir;
using ControlPlane.Translation.Tests.Support;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using UpstreamHttpProtocolOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;

namespace ControlPlane.Translation.Tests;

public sealed class ClusterTranslationTests
{
    private const string ProtocolOptionsKey = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

    [Fact]
    public void Ip_endpoints_use_eds_with_a_load_assignment_of_the_same_name()
    {
        var resources = Translate(IrSamples.Upstream(host: "10.0.1.10"));
        var cluster = resources.ClusterNamed("edge/orders");
        var assignment = (ClusterLoadAssignment)Assert.Single(resources.ClusterLoadAssignments).Message;

        Assert.Equal(Cluster.Types.DiscoveryType.Eds, cluster.Type);
        Assert.NotNull(cluster.EdsClusterConfig.EdsConfig.Ads);
        Assert.Null(cluster.LoadAssignment);
        Assert.Equal("edge/orders", resources.ClusterLoadAssignments[0].Name);
        Assert.Equal("edge/orders", assignment.ClusterName);
        Assert.Equal("10.0.1.10", assignment.Endpoints[0].LbEndpoints[0].Endpoint.Address.SocketAddress.Address);
    }

    [Theory]
    [InlineData("orders.svc.cluster.local")]
    [InlineData("10.0.0.1", "orders.internal")]
    public void Any_dns_name_makes_the_cluster_strict_dns_with_inline_endpoints(params string[] hosts)
    {
        var upstream = new UpstreamIr("orders", [.. hosts.Select(h => new EndpointIr(h, 80))], TimeSpan.FromSeconds(2), Http2: false);
        var resources = Translate(upstream);
        var cluster = resources.ClusterNamed("edge/orders");

        Assert.Equal(Cluster.Types.DiscoveryType.StrictDns, cluster.Type);
        Assert.Equal(hosts, cluster.LoadAssignment.Endpoints[0].LbEndpoints.Select(e => e.Endpoint.Address.SocketAddress.Address));
        Assert.Empty(resources.ClusterLoadAssignments);
    }

    [Fact]
    public void Ipv6_literals_lose_their_brackets()
    {
        var upstream = new UpstreamIr("orders", [new EndpointIr("[fd00::1]", 80)], TimeSpan.FromSeconds(2), Http2: false);
        var assignment = (ClusterLoadAssignment)Assert.Single(Translate(upstream).ClusterLoadAssignments).Message;

        Assert.Equal("fd00::1", assignment.Endpoints[0].LbEndpoints[0].Endpoint.Address.SocketAddress.Address);
    }

    [Fact]
    public void Http2_upstreams_get_explicit_http2_options_and_http1_upstreams_none()
    {
        var resources = Translate(IrSamples.Upstream("grpc", http2: true), IrSamples.Upstream("rest"));

        AssertHttp2(resources.ClusterNamed("edge/grpc"));
        Assert.Empty(resources.ClusterNamed("edge/rest").TypedExtensionProtocolOptions);
    }

    [Fact]
    public void Enforcement_cluster_speaks_http2_under_its_contract_name()
    {
        var resources = EnvoyTranslator.Translate(IrSamples.Gateway([IrSamples.Route("all")], IrSamples.Enforcement), IrSamples.NoRules());
        var cluster = resources.ClusterNamed(EnforcementContract.ClusterName);

        AssertHttp2(cluster);
        Assert.Equal(TimeSpan.FromSeconds(1), cluster.ConnectTimeout.ToTimeSpan());
        Assert.Contains(resources.ClusterLoadAssignments, a => a.Name == EnforcementContract.ClusterName);
    }

    [Fact]
    public void Clusters_balance_round_robin_with_the_upstream_connect_timeout()
    {
        var cluster = Translate(IrSamples.Upstream() with { ConnectTimeout = TimeSpan.FromMilliseconds(750) }).ClusterNamed("edge/orders");

        Assert.Equal(Cluster.Types.LbPolicy.RoundRobin, cluster.LbPolicy);
        Assert.Equal(TimeSpan.FromMilliseconds(750), cluster.ConnectTimeout.ToTimeSpan());
    }

    private static void AssertHttp2(Cluster cluster)
    {
        var options = Assert.Single(cluster.TypedExtensionProtocolOptions);
        Assert.Equal(ProtocolOptionsKey, options.Key);
        Assert.NotNull(options.Value.Unpack<UpstreamHttpProtocolOptions>().ExplicitHttpConfig.Http2ProtocolOptions);
    }

    private static GatewayResources Translate(params UpstreamIr[] upstreams) =>
        EnvoyTranslator.Translate(IrSamples.Gateway([IrSamples.Route("all", upstream: upstreams[0].Name)], null, upstreams), IrSamples.NoRules());
}
