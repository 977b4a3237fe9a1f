using System.Collections.Concurrent;

namespace ControlPlane.Xds.Status;

/// <summary>
/// Per node and type: versions sent, acknowledged and rejected, and the last error. Survives reconnects, so a version a
/// node rejected is not pushed to it again on its next stream either. Bounded: disconnected nodes are forgotten first.
/// </summary>
public sealed class NodeStatusRegistry
{
    private readonly ConcurrentDictionary<string, NodeEntry> _nodes = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _capacity;

    public NodeStatusRegistry(TimeProvider time, int capacity = 100_000)
    {
        _time = time;
        _capacity = capacity;
    }

    public IReadOnlyList<NodeSyncStatus> Snapshot() =>
        _nodes.Values.Select(n => n.ToStatus()).OrderBy(n => n.Group, StringComparer.Ordinal).ThenBy(n => n.NodeId, StringComparer.Ordinal).ToArray();

    internal NodeEntry Connect(string nodeId, string group)
    {
        var entry = _nodes.GetOrAdd(nodeId, id => new NodeEntry(id));
        entry.Connected(group, _time.GetUtcNow());
        if (_nodes.Count > _capacity)
        {
            Trim();
        }

        return entry;
    }

    private void Trim()
    {
        foreach (var stale in _nodes.Values.Where(n => n.Streams == 0).OrderBy(n => n.LastSeen).Take(_nodes.Count - _capacity))
        {
            _nodes.TryRemove(stale.NodeId, out _);
        }
    }

    internal sealed class NodeEntry(string nodeId)
    {
        private readonly Lock _lock = new();

        // By position in ResourceTypes.AdditionOrder: a node's status is read and written on every response and ACK.
        private readonly TypeEntry?[] _types = new TypeEntry?[ResourceTypes.AdditionOrder.Length];
        private int _streams;

        public string NodeId { get; } = nodeId;

        public string Group { get; private set; } = "";

        public DateTimeOffset LastSeen { get; private set; }

        public int Streams => Volatile.Read(ref _streams);

        public void Connected(string group, DateTimeOffset now)
        {
            lock (_lock)
            {
                Group = group;
                LastSeen = now;
                _streams++;
            }
        }

        public void Disconnected(DateTimeOffset now)
        {
            lock (_lock)
            {
                LastSeen = now;
                _streams--;
            }
        }

        // Static lambdas with explicit state: these run on every response and ACK of every stream.
        public void Sent(string typeUrl, string version) => Update(typeUrl, version, static (t, v) => t.Sent = v);

        public void Acked(string typeUrl, string version) => Update(typeUrl, version, static (t, v) => t.Acked = v);

        public void Rejected(string typeUrl, string version, string error, DateTimeOffset now) =>
            Update(typeUrl, (version, error, now), static (t, r) => t.Reject(r.version, r.error, r.now));

        /// <summary>Remembers a rejected "name@version" (delta) without touching the status, which names the rejected response.</summary>
        public void RememberRejected(string typeUrl, string key) => Update(typeUrl, key, static (t, k) => t.RememberRejected(k));

        /// <summary>Whether this node ever rejected anything of the type: lets a push skip the per-resource checks.</summary>
        public bool HasRejections(string typeUrl)
        {
            lock (_lock)
            {
                return _types[ResourceTypes.IndexOf(typeUrl)]?.RejectedVersions is not null;
            }
        }

        /// <summary>Versions of a type (or "name@version" for delta) this node has rejected.</summary>
        public bool HasRejected(string typeUrl, string version)
        {
            lock (_lock)
            {
                return _types[ResourceTypes.IndexOf(typeUrl)]?.RejectedVersions?.Contains(version) == true;
            }
        }

        public NodeSyncStatus ToStatus()
        {
            lock (_lock)
            {
                var types = _types
                    .OfType<TypeEntry>()
                    .Select(t => new TypeSyncStatus(ResourceTypes.ShortName(t.TypeUrl), t.Sent, t.Acked, t.Rejected, t.LastError, t.LastErrorAt))
                    .ToArray();
                return new NodeSyncStatus(NodeId, Group, _streams > 0, LastSeen, types);
            }
        }

        private void Update<TState>(string typeUrl, TState state, Action<TypeEntry, TState> update)
        {
            lock (_lock)
            {
                var index = ResourceTypes.IndexOf(typeUrl);
                update(_types[index] ??= new TypeEntry(typeUrl), state);
            }
        }
    }

    private sealed class TypeEntry(string typeUrl)
    {
        public string TypeUrl { get; } = typeUrl;

        public string? Sent { get; set; }

        public string? Acked { get; set; }

        // Null until the first rejection: most nodes never reject anything, and every connected node holds four of these.
        private Rejections? _rejections;

        public string? Rejected => _rejections?.Version;

        public string? LastError => _rejections?.LastError;

        public DateTimeOffset? LastErrorAt => _rejections?.LastErrorAt;

        public BoundedSet? RejectedVersions => _rejections?.Versions;

        public void Reject(string version, string error, DateTimeOffset now)
        {
            var rejections = _rejections ??= new Rejections();
            rejections.Version = version;
            rejections.LastError = error;
            rejections.LastErrorAt = now;
            rejections.Versions.Add(version);
        }

        public void RememberRejected(string version) => (_rejections ??= new Rejections()).Versions.Add(version);
    }

    private sealed class Rejections
    {
        // Enough to remember every recent bad push without letting a node that NACKs everything grow without bound.
        private const int MaxRememberedRejections = 64;

        public string? Version { get; set; }

        public string? LastError { get; set; }

        public DateTimeOffset? LastErrorAt { get; set; }

        public BoundedSet Versions { get; } = new(MaxRememberedRejections);
    }

    internal sealed class BoundedSet(int capacity)
    {
        private readonly HashSet<string> _items = new(StringComparer.Ordinal);
        private readonly Queue<string> _order = new();

        public int Count => _items.Count;

        public bool Contains(string item) => _items.Contains(item);

        public void Add(string item)
        {
            if (!_items.Add(item))
            {
                return;
            }

            _order.Enqueue(item);
            if (_order.Count > capacity)
            {
                _items.Remove(_order.Dequeue());
            }
        }
    }
}
