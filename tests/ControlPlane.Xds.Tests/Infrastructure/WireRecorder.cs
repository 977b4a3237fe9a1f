using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Xds.Tests.Infrastructure;

/// <summary>
/// A server interceptor that records what reaches the server of each stream: the HTTP/2 request's authority, protocol
/// and headers, and, per request message, whether it carried a node. It lets a test check what a fake Envoy sends.
/// </summary>
internal sealed class WireRecorder : Interceptor
{
    private readonly Recorded<RecordedStream> _streams = new();

    public IReadOnlyList<RecordedStream> Streams => _streams.Items;

    public void Register(IServiceCollection services)
    {
        services.AddSingleton(this);
        services.Configure<GrpcServiceOptions>(grpc => grpc.Interceptors.Add<WireRecorder>());
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var request = context.GetHttpContext().Request;
        var stream = new RecordedStream(
            context.Method,
            request.Host.Value ?? "",
            request.Protocol,
            request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal));
        _streams.Add(stream);

        return continuation(new Reader<TRequest>(requestStream, stream), responseStream, context);
    }

    internal sealed record RecordedStream(string Method, string Authority, string Protocol, IReadOnlyDictionary<string, string> Headers)
    {
        private readonly Recorded<bool> _nodePresent = new();

        /// <summary>Per request message, in order: whether it carried a node.</summary>
        public IReadOnlyList<bool> NodePresent => _nodePresent.Items;

        public void Received(IMessage message)
        {
            // Node is a field of both DiscoveryRequest and DeltaDiscoveryRequest.
            var node = message.Descriptor.FindFieldByName("node");
            _nodePresent.Add(node is not null && node.Accessor.GetValue(message) is not null);
        }
    }

    private sealed class Reader<T>(IAsyncStreamReader<T> inner, RecordedStream stream) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            var moved = await inner.MoveNext(cancellationToken);
            if (moved && inner.Current is IMessage message)
            {
                stream.Received(message);
            }

            return moved;
        }
    }
}
