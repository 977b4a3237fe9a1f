using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Xds.Cache;

/// <summary>One snapshot per gateway group (<c>node.cluster</c>): memory grows with groups, not with nodes.</summary>
internal sealed class SnapshotCache : ISnapshotCache
{
    private readonly ConcurrentDictionary<string, GroupSnapshot> _groups = new(StringComparer.Ordinal);
    private readonly Lock _publishLock = new();
    private readonly ILogger<SnapshotCache> _logger;
    private readonly XdsMetrics _metrics;
    private volatile bool _hasPublished;

    public SnapshotCache(ILogger<SnapshotCache> logger, XdsMetrics metrics)
    {
        _logger = logger;
        _metrics = metrics;
    }

    public IReadOnlyCollection<string> Groups => _groups.Where(g => g.Value.Snapshot is not null).Select(g => g.Key).ToArray();

    public bool HasPublished => _hasPublished;

    public XdsSnapshot? Get(string group) => _groups.TryGetValue(group, out var current) ? current.Snapshot : null;

    /// <summary>Where a stream starts watching; creates an empty entry so the first publish wakes it.</summary>
    internal GroupSnapshot Watch(string group) => _groups.GetOrAdd(group, static _ => new GroupSnapshot(null));

    public ImmutableArray<string> Check(XdsSnapshot snapshot) => SnapshotConsistency.Check(snapshot);

    public PublishResult Publish(string group, XdsSnapshot snapshot)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        var errors = SnapshotConsistency.Check(snapshot);
        if (!errors.IsEmpty)
        {
            _metrics.SnapshotRejected(group);
            Log.SnapshotRejected(_logger, group, snapshot.Version, errors.Length, string.Join("; ", errors));
            return new PublishResult(PublishOutcome.Rejected, snapshot.Version, errors, []);
        }

        lock (_publishLock)
        {
            var current = Watch(group);
            if (current.Snapshot is { } served && served.Version == snapshot.Version)
            {
                return new PublishResult(PublishOutcome.Unchanged, snapshot.Version, [], []);
            }

            var changed = SnapshotDiff.ChangedResources(current.Snapshot, snapshot);
            var next = new GroupSnapshot(snapshot);
            _groups[group] = next;
            current.SignalReplacedBy(next);
            _hasPublished = true;
            _metrics.SnapshotPublished(group);
            Log.SnapshotPublished(_logger, group, snapshot.Version, changed.Length);
            return new PublishResult(PublishOutcome.Published, snapshot.Version, [], changed);
        }
    }

    public void Remove(string group)
    {
        lock (_publishLock)
        {
            if (_groups.TryRemove(group, out var current))
            {
                // Streams still watching get an empty group entry and wait for a future publish.
                current.SignalReplacedBy(Watch(group));
                Log.GroupRemoved(_logger, group);
            }
        }
    }
}
