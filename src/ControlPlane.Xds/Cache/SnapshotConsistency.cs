using System.Collections.Immutable;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;

namespace ControlPlane.Xds.Cache;

/// <summary>
/// Refuses snapshots that would leave Envoy stuck: a listener whose route configuration never arrives warms forever,
/// an EDS cluster without endpoints warms forever, and a route or gRPC service naming a missing cluster fails requests.
/// </summary>
internal static class SnapshotConsistency
{
    public static ImmutableArray<string> Check(XdsSnapshot snapshot)
    {
        var errors = ImmutableArray.CreateBuilder<string>();
        var clusters = snapshot.Get(ResourceTypes.Cluster).Resources;
        var endpoints = snapshot.Get(ResourceTypes.Endpoint).Resources;
        var routes = snapshot.Get(ResourceTypes.Route).Resources;

        foreach (var resource in clusters.Values)
        {
            var cluster = (Cluster)resource.Message;
            if (cluster.Type == Cluster.Types.DiscoveryType.Eds)
            {
                var serviceName = cluster.EdsClusterConfig?.ServiceName is { Length: > 0 } s ? s : cluster.Name;
                if (!endpoints.ContainsKey(serviceName))
                {
                    errors.Add($"cluster '{cluster.Name}' uses EDS but the snapshot has no load assignment '{serviceName}'");
                }
            }
        }

        var filtersByRouteConfig = new Dictionary<string, List<HashSet<string>>>(StringComparer.Ordinal);
        foreach (var resource in snapshot.Get(ResourceTypes.Listener).Resources.Values)
        {
            var listener = (Listener)resource.Message;
            foreach (var manager in ConnectionManagers(listener))
            {
                var filterNames = manager.HttpFilters.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
                foreach (var filter in manager.HttpFilters)
                {
                    if (filter.TypedConfig is { } config && config.Is(ExternalProcessor.Descriptor))
                    {
                        CheckGrpcService(config.Unpack<ExternalProcessor>().GrpcService, $"listener '{listener.Name}' filter '{filter.Name}'", clusters, errors);
                    }
                }

                if (manager.Rds is { } rds)
                {
                    if (!routes.ContainsKey(rds.RouteConfigName))
                    {
                        errors.Add($"listener '{listener.Name}' names route configuration '{rds.RouteConfigName}', which the snapshot lacks");
                    }

                    if (!filtersByRouteConfig.TryGetValue(rds.RouteConfigName, out var users))
                    {
                        users = [];
                        filtersByRouteConfig[rds.RouteConfigName] = users;
                    }

                    users.Add(filterNames);
                }
            }
        }

        foreach (var resource in routes.Values)
        {
            var config = (RouteConfiguration)resource.Message;
            var chains = filtersByRouteConfig.GetValueOrDefault(config.Name) ?? [];
            foreach (var virtualHost in config.VirtualHosts)
            {
                foreach (var route in virtualHost.Routes)
                {
                    var where = $"route '{route.Name}' of route configuration '{config.Name}'";
                    foreach (var target in TargetClusters(route.Route_))
                    {
                        if (!clusters.ContainsKey(target))
                        {
                            errors.Add($"{where} sends to cluster '{target}', which the snapshot lacks");
                        }
                    }

                    CheckPerFilterConfig(route.TypedPerFilterConfig, where, chains, clusters, errors);
                }

                CheckPerFilterConfig(virtualHost.TypedPerFilterConfig, $"virtual host '{virtualHost.Name}' of route configuration '{config.Name}'", chains, clusters, errors);
            }
        }

        return errors.ToImmutable();
    }

    /// <summary>The clusters a route names; header- and plugin-chosen clusters are only known per request.</summary>
    private static IEnumerable<string> TargetClusters(RouteAction? action) => action?.ClusterSpecifierCase switch
    {
        RouteAction.ClusterSpecifierOneofCase.Cluster => [action.Cluster],
        RouteAction.ClusterSpecifierOneofCase.WeightedClusters => action.WeightedClusters.Clusters.Select(c => c.Name).Where(name => name.Length > 0),
        _ => [],
    };

    private static IEnumerable<HttpConnectionManager> ConnectionManagers(Listener listener) =>
        listener.FilterChains
            .SelectMany(chain => chain.Filters)
            .Where(filter => filter.TypedConfig is { } config && config.Is(HttpConnectionManager.Descriptor))
            .Select(filter => filter.TypedConfig.Unpack<HttpConnectionManager>());

    /// <summary>
    /// A per-route config under a name no connection manager uses is silently ignored by Envoy: the route would run
    /// without the filter it was meant to enable.
    /// </summary>
    private static void CheckPerFilterConfig(
        Google.Protobuf.Collections.MapField<string, Any> perFilter,
        string where,
        List<HashSet<string>> chains,
        IReadOnlyDictionary<string, XdsResource> clusters,
        ImmutableArray<string>.Builder errors)
    {
        foreach (var (filterName, config) in perFilter)
        {
            if (chains.Any(chain => !chain.Contains(filterName)))
            {
                errors.Add($"{where} configures filter '{filterName}', which a connection manager serving it does not have");
            }

            if (config.Is(ExtProcPerRoute.Descriptor) && config.Unpack<ExtProcPerRoute>().Overrides?.GrpcService is { } service)
            {
                CheckGrpcService(service, $"{where} filter '{filterName}'", clusters, errors);
            }
        }
    }

    private static void CheckGrpcService(GrpcService? service, string where, IReadOnlyDictionary<string, XdsResource> clusters, ImmutableArray<string>.Builder errors)
    {
        if (service?.EnvoyGrpc is { } envoyGrpc && !clusters.ContainsKey(envoyGrpc.ClusterName))
        {
            errors.Add($"{where} calls gRPC cluster '{envoyGrpc.ClusterName}', which the snapshot lacks");
        }
    }
}
