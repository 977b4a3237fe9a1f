using System.Collections.Concurrent;

namespace ControlPlane.Xds.Status;

/// <summary>
/// Every open stream and what it holds: several Envoys may share one node id, so status is per stream, never merged.
/// A stream's entry goes when the stream ends, so memory follows the open streams. What outlives a stream is only
/// <see cref="RejectionMemory"/>.
/// </summary>
public sealed class NodeStatusRegistry
{
    private readonly ConcurrentDictionary<long, StreamEntry> _streams = new();

    public IReadOnlyList<StreamSyncStatus> Snapshot() =>
        _streams.Values.Select(s => s.ToStatus())
            .OrderBy(s => s.Group, StringComparer.Ordinal)
            .ThenBy(s => s.NodeId, StringComparer.Ordinal)
            .ThenBy(s => s.StreamId)
            .ToArray();

    internal StreamEntry Connect(StreamEntry stream)
    {
        _streams[stream.StreamId] = stream;
        return stream;
    }

    internal void Disconnect(StreamEntry stream) => _streams.TryRemove(stream.StreamId, out _);
}
