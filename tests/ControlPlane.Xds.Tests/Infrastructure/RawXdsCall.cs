using Grpc.Core;
using Grpc.Net.Client;

namespace ControlPlane.Xds.Tests.Infrastructure;

/// <summary>
/// A bidirectional call on an xDS method path that writes raw bytes as messages: gRPC's own client would refuse to
/// build what it sends (bytes that are no protobuf, strings that are no UTF-8).
/// </summary>
internal static class RawXdsCall
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(static b => b, static b => b);

    /// <summary>Every streaming method a fake Envoy may call, by its full gRPC path.</summary>
    public static IReadOnlyList<string> StreamingMethods { get; } =
    [
        "envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources",
        "envoy.service.discovery.v3.AggregatedDiscoveryService/DeltaAggregatedResources",
        "envoy.service.cluster.v3.ClusterDiscoveryService/StreamClusters",
        "envoy.service.cluster.v3.ClusterDiscoveryService/DeltaClusters",
    ];

    public static AsyncDuplexStreamingCall<byte[], byte[]> Open(GrpcChannel channel, string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var method = new Method<byte[], byte[]>(MethodType.DuplexStreaming, path[..slash], path[(slash + 1)..], Bytes, Bytes);
        return channel.CreateCallInvoker().AsyncDuplexStreamingCall(method, null, default);
    }
}
