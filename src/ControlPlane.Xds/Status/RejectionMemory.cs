using System.Collections.Concurrent;

namespace ControlPlane.Xds.Status;

/// <summary>
/// Rejections per node id and type, kept after the rejecting stream ends. A new stream of that node id consults it
/// once per type, on its first request, and holds back only what was rejected while holding exactly what the new stream
/// reports holding; every other stream of the id gets config. Bounded: at most <see cref="PerType"/> rejections per
/// node and type, and the least recently rejecting nodes are forgotten beyond the capacity.
/// </summary>
internal sealed class RejectionMemory(TimeProvider time, int capacity = 10_000)
{
    public const int PerType = 64;

    private readonly ConcurrentDictionary<string, NodeRejections> _nodes = new(StringComparer.Ordinal);

    public void Remember(string nodeId, int typeIndex, Rejection rejection)
    {
        var node = _nodes.GetOrAdd(nodeId, static _ => new NodeRejections());
        node.Add(typeIndex, rejection, time.GetTimestamp());
        if (_nodes.Count > capacity)
        {
            Trim();
        }
    }

    /// <summary>What the node rejected of the type (oldest first); empty for nearly every node.</summary>
    public IReadOnlyList<Rejection> Of(string nodeId, int typeIndex) =>
        _nodes.TryGetValue(nodeId, out var node) ? node.Of(typeIndex) : [];

    public int NodeCount => _nodes.Count;

    // Down to nine tenths, so a flood of new rejecting ids sorts once per tenth of the capacity, not once per NACK.
    private void Trim()
    {
        foreach (var (nodeId, _) in _nodes.OrderBy(n => n.Value.LastRejection).Take(_nodes.Count - (capacity * 9 / 10)).ToList())
        {
            _nodes.TryRemove(nodeId, out _);
        }
    }

    private sealed class NodeRejections
    {
        private readonly Lock _lock = new();
        private readonly Queue<Rejection>?[] _types = new Queue<Rejection>?[ResourceTypes.AdditionOrder.Length];

        public long LastRejection { get; private set; }

        public void Add(int typeIndex, Rejection rejection, long now)
        {
            lock (_lock)
            {
                var queue = _types[typeIndex] ??= new Queue<Rejection>();
                queue.Enqueue(rejection);
                if (queue.Count > PerType)
                {
                    queue.Dequeue();
                }

                LastRejection = now;
            }
        }

        public IReadOnlyList<Rejection> Of(int typeIndex)
        {
            lock (_lock)
            {
                return _types[typeIndex] is { } queue ? [.. queue] : [];
            }
        }
    }
}
