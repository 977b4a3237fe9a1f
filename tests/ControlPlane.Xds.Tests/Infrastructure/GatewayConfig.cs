using ControlPlane.Xds.Cache;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;
using EnvoyRoute = Envoy.Config.Route.V3.Route;

namespace ControlPlane.Xds.Tests.Infrastructure;

/// <summary>
/// Builds the config of one gateway group from real Envoy messages: EDS clusters with their load assignments, listeners
/// whose connection manager takes routes over RDS, and route configurations that send to the clusters.
/// </summary>
internal sealed class GatewayConfig
{
    public const string ListenerName = "ingress";
    public const string RouteConfigName = "main";

    private readonly SortedDictionary<string, Cluster> _clusters = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, ClusterLoadAssignment> _assignments = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Listener> _listeners = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, RouteConfiguration> _routes = new(StringComparer.Ordinal);

    /// <summary>Listener "ingress" -> route configuration "main" -> <paramref name="routeTo"/>, plus the clusters.</summary>
    public static GatewayConfig Simple(string routeTo = "a", params string[] clusters)
    {
        var config = new GatewayConfig();
        foreach (var cluster in clusters.Length == 0 ? [routeTo] : clusters)
        {
            config.Cluster(cluster);
        }

        return config.Listener(ListenerName, RouteConfigName).Routes(RouteConfigName, routeTo);
    }

    /// <summary><see cref="Simple"/> with every resource edited: one change of each type.</summary>
    public static GatewayConfig SimpleEditedEverywhere(string cluster = "a") => new GatewayConfig()
        .Cluster(cluster, endpointPort: 9090, connectTimeoutMs: 2000)
        .Listener(ListenerName, RouteConfigName, port: 10001)
        .Routes(RouteConfigName, cluster, route => route.Match.Prefix = "/v2");

    public GatewayConfig Cluster(string name, int endpointPort = 8080, int connectTimeoutMs = 1000, bool withEndpoints = true)
    {
        _clusters[name] = new Cluster
        {
            Name = name,
            Type = Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.Eds,
            EdsClusterConfig = new Cluster.Types.EdsClusterConfig { EdsConfig = Ads() },
            ConnectTimeout = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(connectTimeoutMs)),
        };
        if (withEndpoints)
        {
            return Endpoints(name, endpointPort);
        }

        _assignments.Remove(name);
        return this;
    }

    public GatewayConfig Endpoints(string cluster, int port)
    {
        _assignments[cluster] = new ClusterLoadAssignment
        {
            ClusterName = cluster,
            Endpoints =
            {
                new LocalityLbEndpoints
                {
                    LbEndpoints =
                    {
                        new LbEndpoint
                        {
                            Endpoint = new Endpoint
                            {
                                Address = new Address { SocketAddress = new SocketAddress { Address = "10.0.0.1", PortValue = (uint)port } },
                            },
                        },
                    },
                },
            },
        };
        return this;
    }

    public GatewayConfig WithoutCluster(string name)
    {
        _clusters.Remove(name);
        _assignments.Remove(name);
        return this;
    }

    public GatewayConfig Listener(string name, string routeConfig, params HttpFilter[] filtersBeforeRouter) => Listener(name, routeConfig, 10000, filtersBeforeRouter);

    public GatewayConfig Listener(string name, string routeConfig, int port, params HttpFilter[] filtersBeforeRouter)
    {
        var manager = new HttpConnectionManager
        {
            StatPrefix = name,
            Rds = new Rds { RouteConfigName = routeConfig, ConfigSource = Ads() },
        };
        manager.HttpFilters.AddRange(filtersBeforeRouter);
        manager.HttpFilters.Add(new HttpFilter { Name = "envoy.filters.http.router", TypedConfig = Any.Pack(new Router()) });
        _listeners[name] = new Listener
        {
            Name = name,
            Address = new Address { SocketAddress = new SocketAddress { Address = "0.0.0.0", PortValue = (uint)port } },
            FilterChains =
            {
                new FilterChain
                {
                    Filters =
                    {
                        new Filter { Name = "envoy.filters.network.http_connection_manager", TypedConfig = Any.Pack(manager) },
                    },
                },
            },
        };
        return this;
    }

    /// <summary>One virtual host, one route "/" to <paramref name="cluster"/>; <paramref name="configure"/> adjusts the route.</summary>
    public GatewayConfig Routes(string name, string cluster, Action<EnvoyRoute>? configure = null)
    {
        var route = new EnvoyRoute
        {
            Name = "to-" + cluster,
            Match = new RouteMatch { Prefix = "/" },
            Route_ = new RouteAction { Cluster = cluster },
        };
        configure?.Invoke(route);
        _routes[name] = new RouteConfiguration
        {
            Name = name,
            VirtualHosts = { new VirtualHost { Name = "all", Domains = { "*" }, Routes = { route } } },
        };
        return this;
    }

    /// <summary>An ext_proc filter calling <paramref name="grpcCluster"/>, disabled until a route enables it.</summary>
    public static HttpFilter ExtProcFilter(string name, string grpcCluster) => new()
    {
        Name = name,
        Disabled = true,
        TypedConfig = Any.Pack(new ExternalProcessor
        {
            GrpcService = new GrpcService { EnvoyGrpc = new GrpcService.Types.EnvoyGrpc { ClusterName = grpcCluster } },
        }),
    };

    public IEnumerable<XdsResource> Resources() =>
        _clusters.Select(c => XdsResource.Create(c.Key, c.Value))
            .Concat(_assignments.Select(a => XdsResource.Create(a.Key, a.Value)))
            .Concat(_listeners.Select(l => XdsResource.Create(l.Key, l.Value)))
            .Concat(_routes.Select(r => XdsResource.Create(r.Key, r.Value)));

    /// <summary>Serializes afresh on every call, so two calls model two independent translations.</summary>
    public XdsSnapshot Build() => XdsSnapshot.Create(Resources());

    private static ConfigSource Ads() => new() { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 };
}
