using Microsoft.Extensions.Options;

namespace ControlPlane.Enforcement.Stores.Memory;

/// <summary>
/// The single-node store, bounded in keys (<see cref="EnforcementOptions.MemoryCapacity"/>) and in bytes, stored
/// responses included (<see cref="EnforcementOptions.MemoryBudgetBytes"/>). To make room it evicts expired keys
/// first, then the least recently used completed ones (a replay counts as a use); claims in flight are never evicted,
/// so when only they remain a new claim fails as "store unavailable" rather than let a duplicate through. Time comes
/// from <see cref="TimeProvider"/> so tests drive leases and TTLs with a manual clock.
/// </summary>
internal sealed class MemoryIdempotencyStore : IIdempotencyStore
{
    /// <summary>How many claims in flight one eviction pass steps over, so a store full of them keeps claims cheap.</summary>
    private const int EvictionScanLimit = 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, MemoryEntry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<MemoryEntry> _leastRecentFirst = new();

    /// <summary>Soonest expiry first; stale items (removed or re-timed entries) are skipped when they surface.</summary>
    private readonly PriorityQueue<MemoryEntry, DateTimeOffset> _byExpiry = new();
    private readonly TimeProvider _time;
    private readonly EnforcementMetrics? _metrics;
    private readonly int _capacity;
    private readonly long _budget;
    private long _bytes;

    public MemoryIdempotencyStore(IOptions<EnforcementOptions> options, TimeProvider time, EnforcementMetrics? metrics = null)
    {
        _time = time;
        _metrics = metrics;
        _capacity = Math.Max(1, options.Value.MemoryCapacity);
        _budget = Math.Max(1, options.Value.MemoryBudgetBytes);
        metrics?.MemoryStoreStarted();
    }

    public string Kind => "memory";

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Bytes counted against the budget now.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public ValueTask<ClaimResult> TryClaimAsync(string key, string fingerprint, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (Live(key, now) is { } existing)
            {
                if (existing.Fingerprint != fingerprint)
                {
                    return ValueTask.FromResult(ClaimResult.Mismatch);
                }

                if (existing.Response is { } response)
                {
                    Touch(existing);
                    return ValueTask.FromResult(ClaimResult.Completed(response, existing.ExpiresAt - now));
                }

                return ValueTask.FromResult(ClaimResult.InFlight(existing.ExpiresAt - now));
            }

            var entry = new MemoryEntry(key, fingerprint, Guid.NewGuid().ToString("N"), now + lease);
            if (!MakeRoom(now, entry.Bytes, keep: null))
            {
                _metrics?.RefusedClaim();
                throw new StoreUnavailableException($"The memory store is full ({_entries.Count} keys, {_bytes} of {_budget} bytes) of claims in flight.");
            }

            entry.RecencyNode = _leastRecentFirst.AddLast(entry);
            _entries.Add(key, entry);
            _bytes += entry.Bytes;
            Schedule(entry);
            return ValueTask.FromResult(ClaimResult.Claimed(entry.Token));
        }
    }

    public ValueTask<bool> CompleteAsync(string key, string token, StoredResponse response, TimeSpan ttl, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (Live(key, now) is not { Response: null } entry || entry.Token != token)
            {
                return ValueTask.FromResult(false);
            }

            var added = MemoryEntry.SizeOf(response);
            if (_bytes + added > _budget && !MakeRoom(now, added, keep: entry))
            {
                // Kept as a claim it would block the key for its lease although nothing can be replayed: free it.
                Remove(entry);
                throw new StoreUnavailableException($"The memory store cannot fit a response of {added} bytes ({_budget} bytes budget); the key was released.");
            }

            entry.Response = response;
            entry.ExpiresAt = now + ttl;
            _bytes += added;
            Schedule(entry);
            Touch(entry);
            entry.SignalChanged();
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> ReleaseAsync(string key, string token, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Live(key, _time.GetUtcNow()) is not { Response: null } entry || entry.Token != token)
            {
                return ValueTask.FromResult(false);
            }

            Remove(entry);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<StoredEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            return ValueTask.FromResult(Live(key, now) is { } entry ? new StoredEntry(entry.Fingerprint, entry.Response, entry.ExpiresAt - now) : null);
        }
    }

    public async Task WaitForChangeAsync(string key, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        Task changed;
        TimeSpan wait;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (Live(key, now) is not { Response: null } entry)
            {
                return;
            }

            entry.Changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed = entry.Changed.Task;

            // A lease that runs out changes the key without anyone signalling it.
            wait = Min(maxWait, entry.ExpiresAt - now);
        }

        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait, _time, timeout.Token);
        await Task.WhenAny(changed, delay).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>The entry for the key, dropping it first if it has expired.</summary>
    private MemoryEntry? Live(string key, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (!entry.IsExpired(now))
        {
            return entry;
        }

        Remove(entry);
        return null;
    }

    private bool Fits(long incoming) => _entries.Count < _capacity && _bytes + incoming <= _budget;

    /// <summary>Evicts until <paramref name="incoming"/> more bytes (and one more key) fit; false when only claims in flight remain.</summary>
    private bool MakeRoom(DateTimeOffset now, long incoming, MemoryEntry? keep)
    {
        // A completion adds bytes, not a key.
        bool Done() => keep is null ? Fits(incoming) : _bytes + incoming <= _budget;

        var expired = 0;
        while (!Done() && _byExpiry.TryPeek(out var soonest, out var expiresAt) && expiresAt <= now)
        {
            _byExpiry.Dequeue();
            if (IsCurrent(soonest, expiresAt) && soonest != keep)
            {
                Remove(soonest);
                expired++;
            }
        }

        var evicted = 0;
        var node = _leastRecentFirst.First;
        for (var skipped = 0; !Done() && node is not null && skipped < EvictionScanLimit;)
        {
            var next = node.Next;
            if (node.Value.Response is not null && node.Value != keep)
            {
                Remove(node.Value);
                evicted++;
            }
            else
            {
                skipped++;
            }

            node = next;
        }

        if (expired > 0)
        {
            _metrics?.Evicted("expired", expired);
        }

        if (evicted > 0)
        {
            _metrics?.Evicted("lru", evicted);
        }

        return Done();
    }

    /// <summary>The heap item still describes the entry (it was neither removed nor given a new expiry since).</summary>
    private bool IsCurrent(MemoryEntry entry, DateTimeOffset expiresAt) =>
        entry.RecencyNode is not null && entry.ExpiresAt == expiresAt;

    /// <summary>
    /// Files the entry under its (new) expiry. Stale heap items are skipped lazily; when they outnumber the live ones
    /// the heap is rebuilt, so it stays within twice the keys (amortized: a rebuild follows as many enqueues).
    /// </summary>
    private void Schedule(MemoryEntry entry)
    {
        _byExpiry.Enqueue(entry, entry.ExpiresAt);
        if (_byExpiry.Count <= 2 * _entries.Count + 64)
        {
            return;
        }

        _byExpiry.Clear();
        foreach (var live in _entries.Values)
        {
            _byExpiry.Enqueue(live, live.ExpiresAt);
        }
    }

    private void Touch(MemoryEntry entry)
    {
        if (entry.RecencyNode is { } node)
        {
            _leastRecentFirst.Remove(node);
            _leastRecentFirst.AddLast(node);
        }
    }

    private void Remove(MemoryEntry entry)
    {
        _entries.Remove(entry.Key);
        _bytes -= entry.Bytes;
        if (entry.RecencyNode is { } node)
        {
            _leastRecentFirst.Remove(node);
            entry.RecencyNode = null;
        }

        // A stale heap item may still point at the entry: it must not keep the response alive.
        entry.Response = null;

        entry.SignalChanged();
    }
}
