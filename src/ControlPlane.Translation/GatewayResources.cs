using System.Collections.Immutable;

namespace ControlPlane.Translation;

/// <summary>
/// Everything one gateway's Envoys receive, per xDS type, each list ordered by name (ordinal) so equal input gives
/// equal output regardless of declaration order.
/// </summary>
public sealed class GatewayResources
{
    public GatewayResources(
        string gatewayName,
        ImmutableArray<EnvoyResource> clusters,
        ImmutableArray<EnvoyResource> clusterLoadAssignments,
        ImmutableArray<EnvoyResource> listeners,
        ImmutableArray<EnvoyResource> routeConfigurations)
    {
        GatewayName = gatewayName;
        Clusters = clusters;
        ClusterLoadAssignments = clusterLoadAssignments;
        Listeners = listeners;
        RouteConfigurations = routeConfigurations;
    }

    /// <summary>The gateway, which is also the <c>node.cluster</c> its Envoys announce.</summary>
    public string GatewayName { get; }

    /// <summary>CDS: <c>envoy.config.cluster.v3.Cluster</c>.</summary>
    public ImmutableArray<EnvoyResource> Clusters { get; }

    /// <summary>EDS: <c>envoy.config.endpoint.v3.ClusterLoadAssignment</c>, one per EDS cluster, same name.</summary>
    public ImmutableArray<EnvoyResource> ClusterLoadAssignments { get; }

    /// <summary>LDS: <c>envoy.config.listener.v3.Listener</c>.</summary>
    public ImmutableArray<EnvoyResource> Listeners { get; }

    /// <summary>RDS: <c>envoy.config.route.v3.RouteConfiguration</c>.</summary>
    public ImmutableArray<EnvoyResource> RouteConfigurations { get; }

    /// <summary>All resources in the protocol's addition order: CDS, EDS, LDS, RDS.</summary>
    public IEnumerable<EnvoyResource> All => Clusters.Concat(ClusterLoadAssignments).Concat(Listeners).Concat(RouteConfigurations);
}
