using ControlPlane.Enforcement.Stores;

namespace ControlPlane.Enforcement;

/// <summary>
/// Whether the key store answers, as the last store operation (or the start-up probe) found it: for <c>/status</c>
/// and the <c>idempotency_store_up</c> gauge. Unknown until the first answer.
/// </summary>
public sealed class StoreHealth
{
    private readonly Lock _gate = new();
    private readonly EnforcementMetrics _metrics;
    private readonly TimeProvider _time;
    private bool? _reachable;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;

    internal StoreHealth(IIdempotencyStore store, EnforcementMetrics metrics, TimeProvider time)
    {
        Store = store.Kind;
        _metrics = metrics;
        _time = time;
        metrics.StoreUp(Store, 0);
    }

    /// <summary>The store kind (<c>memory</c>, <c>redis</c>).</summary>
    public string Store { get; }

    public StoreHealthSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new StoreHealthSnapshot(Store, _reachable, _lastError, _lastErrorAt);
        }
    }

    internal void Succeeded() => Set(reachable: true, error: null);

    internal void Failed(string error) => Set(reachable: false, error);

    private void Set(bool reachable, string? error)
    {
        lock (_gate)
        {
            if (error is not null)
            {
                _lastError = error;
                _lastErrorAt = _time.GetUtcNow();
            }

            if (_reachable == reachable)
            {
                return;
            }

            // The gauge is an up-down counter: it moves by the change, from 0 (unknown or down) to 1 and back.
            var delta = reachable ? 1 : _reachable == true ? -1 : 0;
            _reachable = reachable;
            _metrics.StoreUp(Store, delta);
        }
    }
}

/// <param name="Reachable">Null until the store first answered or failed.</param>
/// <param name="LastError">The last failure seen, kept after the store recovers.</param>
public sealed record StoreHealthSnapshot(string Store, bool? Reachable, string? LastError, DateTimeOffset? LastErrorAt);
