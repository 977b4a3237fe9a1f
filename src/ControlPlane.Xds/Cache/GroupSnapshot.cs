namespace ControlPlane.Xds.Cache;

/// <summary>
/// The current snapshot of one gateway group, and a signal for when it is replaced. Streams hold this object, compare,
/// and register on <see cref="Replaced"/>: swap, then signal, with no lock on the read path. A stream that ends removes
/// its registration, so nothing of it stays behind on a group that is not published again for a long time.
/// </summary>
internal sealed class GroupSnapshot
{
    private readonly CancellationTokenSource _replaced = new();
    private GroupSnapshot? _next;

    public GroupSnapshot(XdsSnapshot? snapshot) => Snapshot = snapshot;

    /// <summary>When this entry was published (<see cref="System.Diagnostics.Stopwatch"/> ticks): where convergence starts.</summary>
    public long PublishedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>Null while the group has no snapshot yet: its nodes wait without error.</summary>
    public XdsSnapshot? Snapshot { get; }

    /// <summary>What replaced this entry; set before <see cref="Replaced"/> is signalled.</summary>
    public GroupSnapshot? Next => Volatile.Read(ref _next);

    /// <summary>Cancelled once this entry is replaced. Its callbacks run on the publishing thread: they must only hand off.</summary>
    public CancellationToken Replaced => _replaced.Token;

    public void SignalReplacedBy(GroupSnapshot next)
    {
        if (Interlocked.CompareExchange(ref _next, next, null) is null)
        {
            _replaced.Cancel();
        }
    }
}
