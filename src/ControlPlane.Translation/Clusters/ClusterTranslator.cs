using ControlPlane.Translation.Common;
using Envoy.Config.Cluster.V3;

namespace ControlPlane.Translation.Clusters;

internal static class ClusterTranslator
{
    /// <summary>
    /// IP endpoints go over EDS, so an endpoint change re-sends one small load assignment instead of the cluster (which
    /// would drain its connections). EDS cannot carry host names, so any DNS name makes the cluster STRICT_DNS with the
    /// endpoints inline.
    /// </summary>
    public static TranslatedCluster Translate(ClusterInput input)
    {
        var cluster = new Cluster
        {
            Name = input.Name,
            ConnectTimeout = ProtoValues.Duration(input.ConnectTimeout),
            LbPolicy = Cluster.Types.LbPolicy.RoundRobin,
        };

        if (input.Http2)
        {
            Http2Upstream.Apply(cluster);
        }

        if (input.Tls is { } tls)
        {
            cluster.TransportSocket = Common.UpstreamTlsSocket.Build(UpstreamTls.From(tls));
        }

        var assignment = LoadAssignments.Build(input.Name, input.Endpoints);
        if (input.Endpoints.All(e => e.IsIpLiteral))
        {
            cluster.Type = Cluster.Types.DiscoveryType.Eds;
            cluster.EdsClusterConfig = new Cluster.Types.EdsClusterConfig { EdsConfig = ProtoValues.AdsConfigSource() };
            return new TranslatedCluster(cluster, assignment);
        }

        UseDns(cluster, Cluster.Types.DiscoveryType.StrictDns);
        cluster.LoadAssignment = assignment;
        return new TranslatedCluster(cluster, null);
    }

    /// <summary>
    /// With Envoy's AUTO family a name with both records resolves to its IPv6 addresses, which many container networks
    /// cannot route; prefer IPv4 and fall back to IPv6.
    /// </summary>
    public static void UseDns(Cluster cluster, Cluster.Types.DiscoveryType type)
    {
        cluster.Type = type;
        cluster.DnsLookupFamily = Cluster.Types.DnsLookupFamily.V4Preferred;
    }
}
