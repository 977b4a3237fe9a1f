using ControlPlane.Xds;
using ControlPlane.Xds.Cache;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;
using EnvoyRoute = Envoy.Config.Route.V3.Route;

namespace ControlPlane.Benchmarks;

/// <summary>
/// The gateway config the xDS benchmark serves: EDS clusters with three endpoints each, one listener taking its routes
/// over RDS, one route configuration with a route per cluster. Update k moves every endpoint (the common churn), edits
/// one cluster and one route, and leaves the listener alone; every update serializes to the same size.
/// </summary>
internal static class XdsBenchmarkConfig
{
    public const string Group = "bench";
    public const string RouteConfigName = "main";

    public static string ClusterName(int i) => $"svc-{i}";

    public static XdsSnapshot Build(int clusters, int update)
    {
        var resources = new List<XdsResource>();
        var routes = new VirtualHost { Name = "all", Domains = { "*" } };
        for (var i = 0; i < clusters; i++)
        {
            var name = ClusterName(i);
            resources.Add(XdsResource.Create(name, Cluster(name, i == 0 ? update : 0)));
            resources.Add(XdsResource.Create(name, Endpoints(name, update)));
            routes.Routes.Add(new EnvoyRoute
            {
                Name = name,
                Match = new RouteMatch { Prefix = "/" + name },
                Route_ = new RouteAction { Cluster = name, PrefixRewrite = i == 0 && update % 2 == 1 ? "/v1" : "/v2" },
            });
        }

        resources.Add(XdsResource.Create("ingress", Listener()));
        resources.Add(XdsResource.Create(RouteConfigName, new RouteConfiguration { Name = RouteConfigName, VirtualHosts = { routes } }));
        return XdsSnapshot.Create(resources);
    }

    /// <summary>The SotW version_info per type a client holding all of <paramref name="snapshot"/> acknowledges.</summary>
    public static string[] TypeVersions(XdsSnapshot snapshot) => [.. ResourceTypes.AdditionOrder.Select(t => snapshot.Get(t).Version)];

    /// <summary>What a delta client holding this snapshot computes, type by type (see <see cref="HeldSetFingerprint"/>).</summary>
    public static string[] TypeFingerprints(XdsSnapshot snapshot) =>
        [.. ResourceTypes.AdditionOrder.Select(t => HeldSetFingerprint.Of(snapshot.Get(t).Resources.Values.Select(r => (r.Name, r.Version))))];

    private static Cluster Cluster(string name, int update) => new()
    {
        Name = name,
        Type = Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.Eds,
        EdsClusterConfig = new Cluster.Types.EdsClusterConfig { EdsConfig = Ads() },
        ConnectTimeout = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(update % 2 == 1 ? 1100 : 1200)),
    };

    private static ClusterLoadAssignment Endpoints(string cluster, int update)
    {
        var locality = new LocalityLbEndpoints();
        for (var host = 1; host <= 3; host++)
        {
            locality.LbEndpoints.Add(new LbEndpoint
            {
                Endpoint = new Endpoint
                {
                    Address = new Address { SocketAddress = new SocketAddress { Address = $"10.0.{host}.1", PortValue = (uint)(8000 + update) } },
                },
            });
        }

        return new ClusterLoadAssignment { ClusterName = cluster, Endpoints = { locality } };
    }

    private static Listener Listener()
    {
        var manager = new HttpConnectionManager
        {
            StatPrefix = "ingress",
            Rds = new Rds { RouteConfigName = RouteConfigName, ConfigSource = Ads() },
            HttpFilters = { new HttpFilter { Name = "envoy.filters.http.router", TypedConfig = Any.Pack(new Router()) } },
        };
        return new Listener
        {
            Name = "ingress",
            Address = new Address { SocketAddress = new SocketAddress { Address = "0.0.0.0", PortValue = 10000 } },
            FilterChains = { new FilterChain { Filters = { new Filter { Name = "envoy.filters.network.http_connection_manager", TypedConfig = Any.Pack(manager) } } } },
        };
    }

    private static ConfigSource Ads() => new() { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 };
}
