using ControlPlane.Ir;
using ControlPlane.Translation.Clusters;
using ControlPlane.Translation.Common;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;

namespace ControlPlane.Translation.Bootstrap;

/// <summary>The one static cluster: how Envoy reaches the control plane before it knows anything else.</summary>
internal static class XdsCluster
{
    public static Cluster Build(string name, HostPort address, TimeSpan connectTimeout, UpstreamTls? tls = null)
    {
        var cluster = new Cluster
        {
            Name = name,
            ConnectTimeout = ProtoValues.Duration(connectTimeout),
            LbPolicy = Cluster.Types.LbPolicy.RoundRobin,
            LoadAssignment = LoadAssignments.Build(name, [new EndpointIr(address.Host, address.Port)]),
        };

        if (new EndpointIr(address.Host, address.Port).IsIpLiteral)
        {
            cluster.Type = Cluster.Types.DiscoveryType.Static;
        }
        else
        {
            ClusterTranslator.UseDns(cluster, Cluster.Types.DiscoveryType.StrictDns);
        }

        // xDS is gRPC (HTTP/2). Keepalive pings notice a control plane that vanished behind a NAT or load balancer,
        // where the idle stream would otherwise wait for TCP to give up.
        Http2Upstream.Apply(cluster, new Http2ProtocolOptions
        {
            ConnectionKeepalive = new KeepaliveSettings
            {
                Interval = ProtoValues.Duration(TimeSpan.FromSeconds(30)),
                Timeout = ProtoValues.Duration(TimeSpan.FromSeconds(5)),
            },
        });
        if (tls is not null)
        {
            cluster.TransportSocket = UpstreamTlsSocket.Build(tls);
        }

        return cluster;
    }
}
