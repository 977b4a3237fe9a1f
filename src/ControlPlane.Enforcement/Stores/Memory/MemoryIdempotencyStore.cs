using Microsoft.Extensions.Options;

namespace ControlPlane.Enforcement.Stores.Memory;

/// <summary>
/// The single-node store. Bounded: at capacity, expired then completed keys are evicted oldest first; when only live
/// claims remain, a new claim fails as "store unavailable" rather than evicting a claim and letting a duplicate through.
/// Time comes from <see cref="TimeProvider"/> so tests drive leases and TTLs with a manual clock.
/// </summary>
internal sealed class MemoryIdempotencyStore : IIdempotencyStore
{
    /// <summary>How many of the oldest keys one claim inspects for eviction, so a full store keeps claims cheap.</summary>
    private const int EvictionScanLimit = 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, MemoryEntry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<MemoryEntry> _oldestFirst = new();
    private readonly TimeProvider _time;
    private readonly int _capacity;

    public MemoryIdempotencyStore(IOptions<EnforcementOptions> options, TimeProvider time)
    {
        _time = time;
        _capacity = Math.Max(1, options.Value.MemoryCapacity);
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

    public ValueTask<ClaimResult> TryClaimAsync(string key, string fingerprint, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (Live(key, now) is { } existing)
            {
                return ValueTask.FromResult(
                    existing.Fingerprint != fingerprint ? ClaimResult.Mismatch
                    : existing.Response is { } response ? ClaimResult.Completed(response, existing.ExpiresAt - now)
                    : ClaimResult.InFlight(existing.ExpiresAt - now));
            }

            MakeRoom(now);
            var entry = new MemoryEntry(key, fingerprint, Guid.NewGuid().ToString("N"), now + lease);
            entry.AgeNode = _oldestFirst.AddLast(entry);
            _entries.Add(key, entry);
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

            entry.Response = response;
            entry.ExpiresAt = now + ttl;
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

    private void MakeRoom(DateTimeOffset now)
    {
        var node = _oldestFirst.First;
        for (var scanned = 0; _entries.Count >= _capacity && node is not null && scanned < EvictionScanLimit; scanned++)
        {
            var next = node.Next;
            if (node.Value.IsExpired(now) || node.Value.Response is not null)
            {
                Remove(node.Value);
            }

            node = next;
        }

        if (_entries.Count >= _capacity)
        {
            throw new StoreUnavailableException($"The memory store is full ({_capacity} keys) and its oldest keys are claims in flight.");
        }
    }

    private void Remove(MemoryEntry entry)
    {
        _entries.Remove(entry.Key);
        if (entry.AgeNode is { } node)
        {
            _oldestFirst.Remove(node);
            entry.AgeNode = null;
        }

        entry.SignalChanged();
    }
}
