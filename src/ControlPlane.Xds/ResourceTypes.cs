using System.Collections.Immutable;

namespace ControlPlane.Xds;

/// <summary>The resource types this server distributes, and the order the protocol requires.</summary>
public static class ResourceTypes
{
    private const string Prefix = "type.googleapis.com/";

    public const string Cluster = Prefix + "envoy.config.cluster.v3.Cluster";
    public const string Endpoint = Prefix + "envoy.config.endpoint.v3.ClusterLoadAssignment";
    public const string Listener = Prefix + "envoy.config.listener.v3.Listener";
    public const string Route = Prefix + "envoy.config.route.v3.RouteConfiguration";

    /// <summary>
    /// Make before break: a cluster must exist (and be warmed by its endpoints) before a listener or route refers to it,
    /// and a listener warms until its route configuration arrives.
    /// </summary>
    public static ImmutableArray<string> AdditionOrder { get; } = [Cluster, Endpoint, Listener, Route];

    /// <summary>Referrers go before what they refer to, so nothing ever points at a removed resource.</summary>
    public static ImmutableArray<string> RemovalOrder { get; } = [Listener, Route, Cluster, Endpoint];

    public static bool IsKnown(string typeUrl) => IndexOf(typeUrl) >= 0;

    /// <summary>Position in <see cref="AdditionOrder"/>, or -1: lets per-stream state be a small array instead of a map.</summary>
    public static int IndexOf(string typeUrl) => typeUrl switch
    {
        Cluster => 0,
        Endpoint => 1,
        Listener => 2,
        Route => 3,
        _ => -1,
    };

    /// <summary>For LDS and CDS a SotW response is the complete set; an empty first request means "everything".</summary>
    public static bool IsWildcardCapable(string typeUrl) => typeUrl is Listener or Cluster;

    public static string ShortName(string typeUrl) => typeUrl switch
    {
        Cluster => "CDS",
        Endpoint => "EDS",
        Listener => "LDS",
        Route => "RDS",
        _ => typeUrl,
    };
}
