using ControlPlane.Ir;
using ControlPlane.Translation.Common;
using Envoy.Config.Endpoint.V3;

namespace ControlPlane.Translation.Clusters;

internal static class LoadAssignments
{
    /// <summary>One locality holding every endpoint in declared order; the IR has no zones or weights.</summary>
    public static ClusterLoadAssignment Build(string clusterName, IEnumerable<EndpointIr> endpoints)
    {
        var locality = new LocalityLbEndpoints();
        foreach (var endpoint in endpoints)
        {
            locality.LbEndpoints.Add(new LbEndpoint
            {
                Endpoint = new Endpoint { Address = ProtoValues.SocketAddress(endpoint.Host, endpoint.Port) },
            });
        }

        return new ClusterLoadAssignment { ClusterName = clusterName, Endpoints = { locality } };
    }
}
