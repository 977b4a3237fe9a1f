using ControlPlane.Xds.Cache;
using ControlPlane.Xds.Protocol;
using ControlPlane.Xds.Services;
using ControlPlane.Xds.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ControlPlane.Xds;

public static class XdsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the snapshot cache, node status and the xDS gRPC services. Options are validated at start; the host
    /// binds them from configuration (<see cref="XdsServerOptions.Section"/>) before <paramref name="configure"/> runs.
    /// </summary>
    public static IServiceCollection AddXdsServer(this IServiceCollection services, Action<XdsServerOptions>? configure = null)
    {
        var options = services.AddOptions<XdsServerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<XdsServerOptions>, XdsServerOptionsValidator>());
        options.ValidateOnStart();

        services.AddMetrics();
        services.AddGrpc();
        LimitRequestSize<AggregatedDiscoveryServiceImpl>(services);
        LimitRequestSize<ListenerDiscoveryServiceImpl>(services);
        LimitRequestSize<RouteDiscoveryServiceImpl>(services);
        LimitRequestSize<ClusterDiscoveryServiceImpl>(services);
        LimitRequestSize<EndpointDiscoveryServiceImpl>(services);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<XdsMetrics>();
        services.AddSingleton<SnapshotCache>();
        services.AddSingleton<ISnapshotCache>(sp => sp.GetRequiredService<SnapshotCache>());
        services.AddSingleton<NodeStatusRegistry>();
        services.AddSingleton(sp => new RejectionMemory(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new RequestValidator(sp.GetRequiredService<IOptions<XdsServerOptions>>().Value));
        services.AddSingleton<StreamIds>();
        services.TryAddSingleton<IXdsStreamAuthorizer, AllowAllStreams>();
        services.AddSingleton<XdsServerContext>();
        return services;
    }

    /// <summary>Per service, not globally: other gRPC services in the host (ext_proc) need their own limits.</summary>
    private static void LimitRequestSize<TService>(IServiceCollection services)
        where TService : class =>
        services.AddOptions<Grpc.AspNetCore.Server.GrpcServiceOptions<TService>>()
            .Configure<IOptions<XdsServerOptions>>((grpc, xds) => grpc.MaxReceiveMessageSize = xds.Value.MaxRequestBytes);

    /// <summary>Maps ADS and the per-type services; <paramref name="convention"/> is applied to each (the host ties them to its xDS port).</summary>
    public static IEndpointRouteBuilder MapXdsServices(this IEndpointRouteBuilder endpoints, Action<IEndpointConventionBuilder>? convention = null)
    {
        var ads = endpoints.MapGrpcService<AggregatedDiscoveryServiceImpl>();
        foreach (var builder in PerTypeServices.Map(endpoints).Prepend(ads))
        {
            convention?.Invoke(builder);
        }

        return endpoints;
    }
}
