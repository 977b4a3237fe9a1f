using System.Collections.Concurrent;

namespace ControlPlane.Xds.Status;

/// <summary>
/// Rejections per node id and type, kept after the rejecting stream ends. A new stream of that node id consults it
/// once per type, on its first request, and holds back only what was rejected while holding exactly what the new stream
/// reports holding; every other stream of the id gets config. Bounded, since node ids and error texts come from clients:
/// at most <see cref="PerType"/> rejections per node and type, and beyond <paramref name="capacity"/> nodes or
/// <paramref name="maxChars"/> characters in all, the least recently rejecting nodes are forgotten first.
/// </summary>
internal sealed class RejectionMemory(TimeProvider time, int capacity = 10_000, long maxChars = 16 * 1024 * 1024)
{
    public const int PerType = 64;

    private readonly ConcurrentDictionary<string, NodeRejections> _nodes = new(StringComparer.Ordinal);
    private long _chars;

    public int NodeCount => _nodes.Count;

    public long Chars => Interlocked.Read(ref _chars);

    public void Remember(string nodeId, int typeIndex, Rejection rejection)
    {
        var node = _nodes.GetOrAdd(nodeId, static _ => new NodeRejections());
        Interlocked.Add(ref _chars, node.Add(typeIndex, rejection, time.GetTimestamp()));
        if (_nodes.Count > capacity || Chars > maxChars)
        {
            Trim();
        }
    }

    /// <summary>What the node rejected of the type (oldest first); empty for nearly every node.</summary>
    public IReadOnlyList<Rejection> Of(string nodeId, int typeIndex) =>
        _nodes.TryGetValue(nodeId, out var node) ? node.Of(typeIndex) : [];

    // Down to nine tenths, so a flood of new rejecting ids sorts once per tenth of the capacity, not once per NACK.
    private void Trim()
    {
        foreach (var (nodeId, node) in _nodes.OrderBy(n => n.Value.LastRejection).ToList())
        {
            if (_nodes.Count <= capacity * 9 / 10 && Chars <= maxChars * 9 / 10)
            {
                break;
            }

            if (_nodes.TryRemove(nodeId, out _))
            {
                Interlocked.Add(ref _chars, -node.Chars);
            }
        }

        // A rejection added to a node while it was being removed was counted but is gone: recount what is held.
        Interlocked.Exchange(ref _chars, _nodes.Values.Sum(n => n.Chars));
    }

    private sealed class NodeRejections
    {
        private readonly Lock _lock = new();
        private readonly Queue<Rejection>?[] _types = new Queue<Rejection>?[ResourceTypes.AdditionOrder.Length];
        private long _chars;

        public long LastRejection { get; private set; }

        public long Chars
        {
            get
            {
                lock (_lock)
                {
                    return _chars;
                }
            }
        }

        /// <summary>Returns the change in characters held.</summary>
        public long Add(int typeIndex, Rejection rejection, long now)
        {
            lock (_lock)
            {
                var queue = _types[typeIndex] ??= new Queue<Rejection>();
                queue.Enqueue(rejection);
                var change = CharsOf(rejection);
                if (queue.Count > PerType)
                {
                    change -= CharsOf(queue.Dequeue());
                }

                _chars += change;
                LastRejection = now;
                return change;
            }
        }

        public IReadOnlyList<Rejection> Of(int typeIndex)
        {
            lock (_lock)
            {
                return _types[typeIndex] is { } queue ? [.. queue] : [];
            }
        }

        // Strings shared between records (one NACK's error text across its resources) are counted once per record: an upper bound.
        private static long CharsOf(Rejection r) => r.Key.Length + r.Name.Length + (r.HeldBefore?.Length ?? 0) + r.Version.Length + r.Error.Length;
    }
}
