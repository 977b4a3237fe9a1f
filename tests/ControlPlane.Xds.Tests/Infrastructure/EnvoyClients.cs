using Envoy.Service.Discovery.V3;
using Grpc.Core;
using Grpc.Net.Client;
using Cds = Envoy.Service.Cluster.V3.ClusterDiscoveryService;
using Eds = Envoy.Service.Endpoint.V3.EndpointDiscoveryService;
using Lds = Envoy.Service.Listener.V3.ListenerDiscoveryService;
using Rds = Envoy.Service.Route.V3.RouteDiscoveryService;

namespace ControlPlane.Xds.Tests.Infrastructure;

internal static class EnvoyClients
{
    /// <summary>An Envoy-like client on ADS, or on the per-type service of <paramref name="service"/> when given.</summary>
    public static EnvoyClient Open(XdsVariant variant, GrpcChannel channel, string nodeId, string group, bool autoAck = true, bool followReferences = true, string? service = null) =>
        variant == XdsVariant.Sotw
            ? new SotwEnvoyClient(channel, SotwCall(service), nodeId, group) { AutoAck = autoAck, FollowReferences = followReferences && service is null }
            : new DeltaEnvoyClient(channel, DeltaCall(service), nodeId, group) { AutoAck = autoAck, FollowReferences = followReferences && service is null };

    private static Func<GrpcChannel, AsyncDuplexStreamingCall<DiscoveryRequest, DiscoveryResponse>> SotwCall(string? service) => service switch
    {
        null => c => new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(c).StreamAggregatedResources(),
        ResourceTypes.Cluster => c => new Cds.ClusterDiscoveryServiceClient(c).StreamClusters(),
        ResourceTypes.Endpoint => c => new Eds.EndpointDiscoveryServiceClient(c).StreamEndpoints(),
        ResourceTypes.Listener => c => new Lds.ListenerDiscoveryServiceClient(c).StreamListeners(),
        ResourceTypes.Route => c => new Rds.RouteDiscoveryServiceClient(c).StreamRoutes(),
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, null),
    };

    private static Func<GrpcChannel, AsyncDuplexStreamingCall<DeltaDiscoveryRequest, DeltaDiscoveryResponse>> DeltaCall(string? service) => service switch
    {
        null => c => new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(c).DeltaAggregatedResources(),
        ResourceTypes.Cluster => c => new Cds.ClusterDiscoveryServiceClient(c).DeltaClusters(),
        ResourceTypes.Endpoint => c => new Eds.EndpointDiscoveryServiceClient(c).DeltaEndpoints(),
        ResourceTypes.Listener => c => new Lds.ListenerDiscoveryServiceClient(c).DeltaListeners(),
        ResourceTypes.Route => c => new Rds.RouteDiscoveryServiceClient(c).DeltaRoutes(),
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, null),
    };
}
