using ControlPlane.Ir;

namespace ControlPlane.Translation.Clusters;

/// <summary>Everything a cluster is built from: equal inputs give equal clusters, so the memo can reuse them.</summary>
internal readonly record struct ClusterInput(string Name, EquatableArray<EndpointIr> Endpoints, TimeSpan ConnectTimeout, bool Http2, UpstreamTlsIr? Tls = null)
{
    public static ClusterInput ForUpstream(string gateway, UpstreamIr upstream) =>
        new(EnvoyNames.Cluster(gateway, upstream.Name), upstream.Endpoints, upstream.ConnectTimeout, upstream.Http2);

    /// <summary>ext_proc is gRPC: the enforcement cluster always speaks HTTP/2.</summary>
    public static ClusterInput ForEnforcement(EnforcementServiceIr enforcement) =>
        new(EnforcementContract.ClusterName, enforcement.Endpoints, enforcement.ConnectTimeout, Http2: true, enforcement.Tls);
}

/// <param name="LoadAssignment">Set for EDS clusters only; it is published under the cluster's name.</param>
internal sealed record TranslatedCluster(Envoy.Config.Cluster.V3.Cluster Cluster, Envoy.Config.Endpoint.V3.ClusterLoadAssignment? LoadAssignment);
