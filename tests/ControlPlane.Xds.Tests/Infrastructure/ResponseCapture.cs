using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ControlPlane.Xds.Tests.Infrastructure;

/// <summary>A server interceptor that keeps every response object the xDS streams write, before serialization.</summary>
internal sealed class ResponseCapture : Interceptor
{
    private readonly ConcurrentQueue<object> _written = new();

    public IReadOnlyCollection<object> Written => _written;

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(requestStream, new CapturingWriter<TResponse>(responseStream, _written), context);

    private sealed class CapturingWriter<T>(IServerStreamWriter<T> inner, ConcurrentQueue<object> written) : IServerStreamWriter<T>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

        public Task WriteAsync(T message, CancellationToken cancellationToken)
        {
            written.Enqueue(message!);
            return inner.WriteAsync(message, cancellationToken);
        }
    }
}
