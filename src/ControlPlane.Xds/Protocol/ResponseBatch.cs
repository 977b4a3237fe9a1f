using Grpc.Core;

namespace ControlPlane.Xds.Protocol;

/// <summary>
/// The responses one flush produces (up to one per type), written together: one flush to the connection instead of
/// one per type, which halves the writes and wake-ups on both ends when an update touches several types.
/// </summary>
internal sealed class ResponseBatch<TResponse>(IServerStreamWriter<TResponse> writer, XdsMetrics metrics)
{
    private static readonly WriteOptions BufferHint = new(WriteFlags.BufferHint);
    private readonly List<(TResponse Response, string TypeUrl, long ResourceBytes)> _pending = new(ResourceTypes.AdditionOrder.Length);

    public void Add(TResponse response, string typeUrl, long resourceBytes) => _pending.Add((response, typeUrl, resourceBytes));

    public Task WriteAsync(CancellationToken cancellationToken) => _pending.Count == 0 ? Task.CompletedTask : WriteAllAsync(cancellationToken);

    private async Task WriteAllAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < _pending.Count; i++)
        {
            var (response, typeUrl, bytes) = _pending[i];
            writer.WriteOptions = i < _pending.Count - 1 ? BufferHint : null;
            await writer.WriteAsync(response, cancellationToken).ConfigureAwait(false);
            metrics.ResponseSent(typeUrl, bytes);
        }

        _pending.Clear();
    }
}
