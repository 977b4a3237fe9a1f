namespace ControlPlane.Xds.Cache;

/// <summary>
/// The current snapshot of one gateway group and a task that completes when it is replaced. Streams hold this
/// object, compare, and await <see cref="Replaced"/>: swap, then signal, with no lock on the read path.
/// </summary>
internal sealed class GroupSnapshot
{
    private readonly TaskCompletionSource<GroupSnapshot> _replaced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GroupSnapshot(XdsSnapshot? snapshot) => Snapshot = snapshot;

    /// <summary>Null while the group has no snapshot yet: its nodes wait without error.</summary>
    public XdsSnapshot? Snapshot { get; }

    public Task<GroupSnapshot> Replaced => _replaced.Task;

    public void SignalReplacedBy(GroupSnapshot next) => _replaced.TrySetResult(next);
}
