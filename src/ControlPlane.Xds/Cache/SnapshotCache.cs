using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Xds.Cache;

/// <summary>
/// One snapshot per gateway group (<c>node.cluster</c>): memory grows with groups, not with nodes. A client may name any
/// group, so an entry for a group without a snapshot lives only while streams watch it, and at most
/// <see cref="XdsServerOptions.MaxUnknownGroups"/> such entries exist at once.
/// </summary>
internal sealed class SnapshotCache : ISnapshotCache
{
    private readonly ConcurrentDictionary<string, GroupSnapshot> _groups = new(StringComparer.Ordinal);

    // Streams per group and the count of entries without a snapshot; both only under _lock, taken once per stream
    // opening or ending and per publish, never per request.
    private readonly Dictionary<string, int> _watchers = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly ILogger<SnapshotCache> _logger;
    private readonly XdsMetrics _metrics;
    private readonly int _maxUnknownGroups;
    private int _unknownGroups;
    private volatile bool _hasPublished;

    public SnapshotCache(ILogger<SnapshotCache> logger, XdsMetrics metrics, IOptions<XdsServerOptions> options)
    {
        _logger = logger;
        _metrics = metrics;
        _maxUnknownGroups = options.Value.MaxUnknownGroups;
    }

    public IReadOnlyCollection<string> Groups => _groups.Where(g => g.Value.Snapshot is not null).Select(g => g.Key).ToArray();

    public bool HasPublished => _hasPublished;

    /// <summary>Entries held for groups without a snapshot (streams waiting for a first publish).</summary>
    internal int UnknownGroups
    {
        get
        {
            lock (_lock)
            {
                return _unknownGroups;
            }
        }
    }

    public XdsSnapshot? Get(string group) => _groups.TryGetValue(group, out var current) ? current.Snapshot : null;

    /// <summary>
    /// Where a stream starts watching; an unknown group gets an empty entry so the first publish wakes the stream. Null
    /// when the group is unknown and the cap of unknown groups is reached. Every successful call needs one <see cref="Unwatch"/>.
    /// </summary>
    internal GroupSnapshot? Watch(string group)
    {
        lock (_lock)
        {
            if (!_groups.TryGetValue(group, out var current))
            {
                if (_unknownGroups >= _maxUnknownGroups)
                {
                    return null;
                }

                current = new GroupSnapshot(null);
                _groups[group] = current;
                CountUnknown(+1);
            }

            _watchers[group] = _watchers.GetValueOrDefault(group) + 1;
            return current;
        }
    }

    /// <summary>A stream stopped watching; the group's entry goes with its last stream unless it has a snapshot.</summary>
    internal void Unwatch(string group)
    {
        lock (_lock)
        {
            var left = _watchers[group] - 1;
            if (left > 0)
            {
                _watchers[group] = left;
                return;
            }

            _watchers.Remove(group);
            if (_groups.TryGetValue(group, out var current) && current.Snapshot is null)
            {
                _groups.TryRemove(group, out _);
                CountUnknown(-1);
            }
        }
    }

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

        lock (_lock)
        {
            _groups.TryGetValue(group, out var current);
            if (current?.Snapshot is { } served && served.Version == snapshot.Version)
            {
                return new PublishResult(PublishOutcome.Unchanged, snapshot.Version, [], []);
            }

            var changed = SnapshotDiff.ChangedResources(current?.Snapshot, snapshot);
            var next = new GroupSnapshot(snapshot);
            _groups[group] = next;
            if (current is { Snapshot: null })
            {
                CountUnknown(-1);
            }

            current?.SignalReplacedBy(next);
            _hasPublished = true;
            _metrics.SnapshotPublished(group);
            Log.SnapshotPublished(_logger, group, snapshot.Version, changed.Length);
            return new PublishResult(PublishOutcome.Published, snapshot.Version, [], changed);
        }
    }

    public void Remove(string group)
    {
        lock (_lock)
        {
            if (!_groups.TryRemove(group, out var current))
            {
                return;
            }

            var watched = _watchers.ContainsKey(group);
            if (watched)
            {
                // Streams still watching get an empty group entry and wait for a future publish.
                var empty = new GroupSnapshot(null);
                _groups[group] = empty;
                CountUnknown(current.Snapshot is null ? 0 : +1);
                current.SignalReplacedBy(empty);
            }
            else if (current.Snapshot is null)
            {
                CountUnknown(-1);
            }

            Log.GroupRemoved(_logger, group);
        }
    }

    private void CountUnknown(int change)
    {
        _unknownGroups += change;
        _metrics.UnknownGroupsChanged(change);
    }
}
