using ControlPlane.Xds.Protocol;
using Envoy.Service.Discovery.V3;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace ControlPlane.Xds.Services;

/// <summary>LDS, RDS, CDS and EDS as separate services, for Envoys configured without ADS. Same streams, one type each.</summary>
internal static class PerTypeServices
{
    public static IEnumerable<GrpcServiceEndpointConventionBuilder> Map(IEndpointRouteBuilder endpoints) =>
    [
        endpoints.MapGrpcService<ListenerDiscoveryServiceImpl>(),
        endpoints.MapGrpcService<RouteDiscoveryServiceImpl>(),
        endpoints.MapGrpcService<ClusterDiscoveryServiceImpl>(),
        endpoints.MapGrpcService<EndpointDiscoveryServiceImpl>(),
    ];

    public static Task Stream(XdsServerContext server, string typeUrl, IAsyncStreamReader<DiscoveryRequest> requests, IServerStreamWriter<DiscoveryResponse> responses, ServerCallContext context) =>
        new SotwStream(server, typeUrl, responses).RunAsync(requests, context);

    public static Task Delta(XdsServerContext server, string typeUrl, IAsyncStreamReader<DeltaDiscoveryRequest> requests, IServerStreamWriter<DeltaDiscoveryResponse> responses, ServerCallContext context) =>
        new DeltaStream(server, typeUrl, responses).RunAsync(requests, context);

    /// <summary>The unary (REST-style) variant: the current resources, no subscription, no ACK.</summary>
    public static Task<DiscoveryResponse> Fetch(XdsServerContext server, string typeUrl, DiscoveryRequest request, ServerCallContext context)
    {
        var (_, group) = server.Validator.ValidateNode(request.Node);
        server.Authorize(request.Node, context);
        server.Validator.ValidateTypeUrl(request.TypeUrl, typeUrl);
        server.Validator.ValidateNames("resource_names", request.ResourceNames);
        var snapshot = server.Cache.Get(group)
            ?? throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, $"no config published yet for gateway group '{group}'"));
        var set = snapshot.Get(typeUrl);
        // Everything: the set's own sorted array and the version computed once at publish.
        var wildcard = request.ResourceNames.Count == 0 || request.ResourceNames.Contains(Subscription.WildcardName);
        IReadOnlyList<Cache.XdsResource> selected = wildcard
            ? set.InNameOrder
            : request.ResourceNames.Distinct().Order(StringComparer.Ordinal).Select(n => set.TryGet(n, out var r) ? r : null).OfType<Cache.XdsResource>().ToList();
        var response = new DiscoveryResponse { TypeUrl = typeUrl, VersionInfo = wildcard ? set.Version : Cache.ResourceSet.VersionOf(selected) };
        response.Resources.AddRange(selected.Select(r => r.Any));
        return Task.FromResult(response);
    }
}

internal sealed class ListenerDiscoveryServiceImpl(XdsServerContext server) : Envoy.Service.Listener.V3.ListenerDiscoveryService.ListenerDiscoveryServiceBase
{
    public override Task StreamListeners(IAsyncStreamReader<DiscoveryRequest> requestStream, IServerStreamWriter<DiscoveryResponse> responseStream, ServerCallContext context) =>
        PerTypeServices.Stream(server, ResourceTypes.Listener, requestStream, responseStream, context);

    public override Task DeltaListeners(IAsyncStreamReader<DeltaDiscoveryRequest> requestStream, IServerStreamWriter<DeltaDiscoveryResponse> responseStream, ServerCallContext context) =>
        PerTypeServices.Delta(server, ResourceTypes.Listener, requestStream, responseStream, context);

    public override Task<DiscoveryResponse> FetchListeners(DiscoveryRequest request, ServerCallContext context) =>
        PerTypeServices.Fetch(server, ResourceTypes.Listener, request, context);
}

internal sealed class RouteDiscoveryServiceImpl(XdsServerContext server) : Envoy.Service.Route.V3.RouteDiscoveryService.RouteDiscoveryServiceBase
{
    public override Task StreamRoutes(IAsyncStreamReader<DiscoveryRequest> requestStream, IServerStreamWriter<DiscoveryResponse> responseStream, ServerCallContext context) =>
        PerTypeServices.Stream(server, ResourceTypes.Route, requestStream, responseStream, context);

    public override Task DeltaRoutes(IAsyncStreamReader<DeltaDiscoveryRequest> requestStream, IServerStreamWriter<DeltaDiscoveryResponse> responseStream, ServerCallContext context) =>
        PerTypeServices.Delta(server, ResourceTypes.Route, requestStream, responseStream, context);

    public override Task<DiscoveryResponse> FetchRoutes(DiscoveryRequest request, ServerCallContext context) =>
        PerTypeServices.Fetch(server, ResourceTypes.Route, request, context);
}

internal sealed class ClusterDiscoveryServiceImpl(XdsServerContext server) : Envoy.Service.Cluster.V3.ClusterDiscoveryService.ClusterDiscoveryServiceBase
{
    public override Task StreamClusters(IAsyncStreamReader<DiscoveryRequest> requestStream, IServerStreamWriter<DiscoveryResponse> responseStream, ServerCallContext context) =>
        PerTypeServices.Stream(server, ResourceTypes.Cluster, requestStream, responseStream, context);

    public override Task DeltaClusters(IAsyncStreamReader<DeltaDiscoveryRequest> requestStream, IServerStreamWriter<DeltaDiscoveryResponse> responseStream, ServerCallContext context) =>
        PerTypeServices.Delta(server, ResourceTypes.Cluster, requestStream, responseStream, context);

    public override Task<DiscoveryResponse> FetchClusters(DiscoveryRequest request, ServerCallContext context) =>
        PerTypeServices.Fetch(server, ResourceTypes.Cluster, request, context);
}

internal sealed class EndpointDiscoveryServiceImpl(XdsServerContext server) : Envoy.Service.Endpoint.V3.EndpointDiscoveryService.EndpointDiscoveryServiceBase
{
    public override Task StreamEndpoints(IAsyncStreamReader<DiscoveryRequest> requestStream, IServerStreamWriter<DiscoveryResponse> responseStream, ServerCallContext context) =>
        PerTypeServices.Stream(server, ResourceTypes.Endpoint, requestStream, responseStream, context);

    public override Task DeltaEndpoints(IAsyncStreamReader<DeltaDiscoveryRequest> requestStream, IServerStreamWriter<DeltaDiscoveryResponse> responseStream, ServerCallContext context) =>
        PerTypeServices.Delta(server, ResourceTypes.Endpoint, requestStream, responseStream, context);

    public override Task<DiscoveryResponse> FetchEndpoints(DiscoveryRequest request, ServerCallContext context) =>
        PerTypeServices.Fetch(server, ResourceTypes.Endpoint, request, context);
}
