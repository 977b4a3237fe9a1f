using Grpc.Core;

namespace ControlPlane.Xds.Protocol;

/// <summary>
/// The responses one flush produces (up to one per type), written together: one flush to the connection instead of
/// one per type, which halves the writes and wake-ups on both ends when an update touches several types.
/// </summary>
internal sealed class ResponseBatch<TResponse>(IServerStreamWriter<TResponse> writer, XdsMetrics metrics)
{
    private static readonly WriteOptions BufferHint = new(WriteFlags.BufferHint);
    // Only while a push is being written: an idle stream, which is nearly every stream nearly always, holds no list.
    private List<(TResponse Response, string TypeUrl, long ResourceBytes)>? _pending;

    public void Add(TResponse response, string typeUrl, long resourceBytes) =>
        (_pending ??= new(ResourceTypes.AdditionOrder.Length)).Add((response, typeUrl, resourceBytes));

    public Task WriteAsync(CancellationToken cancellationToken) => _pending is null ? Task.CompletedTask : WriteAllAsync(_pending, cancellationToken);

    private async Task WriteAllAsync(List<(TResponse Response, string TypeUrl, long ResourceBytes)> pending, CancellationToken cancellationToken)
    {
        _pending = null;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var i = 0; i < pending.Count; i++)
        {
            var (response, typeUrl, bytes) = pending[i];
            writer.WriteOptions = i < pending.Count - 1 ? BufferHint : null;
            await writer.WriteAsync(response, cancellationToken).ConfigureAwait(false);
            metrics.ResponseSent(typeUrl, bytes);
        }

        metrics.Pushed(System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }
}
