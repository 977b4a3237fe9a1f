using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;

namespace ControlPlane.Xds.Tests.Infrastructure;

/// <summary>Reads what an Envoy reads from resources: their names, and the EDS and RDS names they make it subscribe to.</summary>
internal static class EnvoyResourceReader
{
    public static string NameOf(Any resource) => resource.TypeUrl switch
    {
        ResourceTypes.Cluster => resource.Unpack<Cluster>().Name,
        ResourceTypes.Endpoint => resource.Unpack<ClusterLoadAssignment>().ClusterName,
        ResourceTypes.Listener => resource.Unpack<Listener>().Name,
        ResourceTypes.Route => resource.Unpack<RouteConfiguration>().Name,
        _ => throw new InvalidOperationException($"unexpected resource type {resource.TypeUrl}"),
    };

    /// <summary>An EDS cluster makes Envoy subscribe to its load assignment.</summary>
    public static IEnumerable<string> LoadAssignmentNames(IEnumerable<Any> clusters) =>
        clusters.Select(c => c.Unpack<Cluster>())
            .Where(c => c.Type == Cluster.Types.DiscoveryType.Eds)
            .Select(c => c.EdsClusterConfig?.ServiceName is { Length: > 0 } serviceName ? serviceName : c.Name);

    /// <summary>A listener whose connection manager uses RDS makes Envoy subscribe to that route configuration.</summary>
    public static IEnumerable<string> RouteConfigNames(IEnumerable<Any> listeners) =>
        listeners.Select(l => l.Unpack<Listener>())
            .SelectMany(l => l.FilterChains.SelectMany(chain => chain.Filters))
            .Where(f => f.TypedConfig?.Is(HttpConnectionManager.Descriptor) == true)
            .Select(f => f.TypedConfig.Unpack<HttpConnectionManager>().Rds?.RouteConfigName)
            .OfType<string>();
}
