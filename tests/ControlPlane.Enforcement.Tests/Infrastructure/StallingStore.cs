using ControlPlane.Enforcement.Stores;

namespace ControlPlane.Enforcement.Tests.Infrastructure;

/// <summary>
/// A store that hangs (not down) while stalled: operations wait, in arrival order as commands do on one Redis
/// connection, and run once <see cref="Resume"/> is called. Reads of the test (<see cref="GetAsync"/>) are not held.
/// </summary>
internal sealed class StallingStore(IIdempotencyStore inner) : IIdempotencyStore
{
    private readonly SemaphoreSlim _order = new(1, 1);
    private readonly Lock _gate = new();
    private TaskCompletionSource _flowing = Flowing();

    public string Kind => inner.Kind;

    /// <summary>Completed when an operation arrives while stalled.</summary>
    public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Stall()
    {
        lock (_gate)
        {
            _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Resume()
    {
        lock (_gate)
        {
            _flowing.TrySetResult();
        }
    }

    public ValueTask<ClaimResult> TryClaimAsync(string key, string fingerprint, TimeSpan lease, CancellationToken cancellationToken) =>
        InOrderAsync(() => inner.TryClaimAsync(key, fingerprint, lease, cancellationToken));

    public ValueTask<bool> CompleteAsync(string key, string token, StoredResponse response, TimeSpan ttl, CancellationToken cancellationToken) =>
        InOrderAsync(() => inner.CompleteAsync(key, token, response, ttl, cancellationToken));

    public ValueTask<bool> ReleaseAsync(string key, string token, CancellationToken cancellationToken) =>
        InOrderAsync(() => inner.ReleaseAsync(key, token, cancellationToken));

    public ValueTask<StoredEntry?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public Task WaitForChangeAsync(string key, TimeSpan maxWait, CancellationToken cancellationToken) => inner.WaitForChangeAsync(key, maxWait, cancellationToken);

    private static TaskCompletionSource Flowing()
    {
        var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        flowing.SetResult();
        return flowing;
    }

    private async ValueTask<T> InOrderAsync<T>(Func<ValueTask<T>> operation)
    {
        await _order.WaitAsync();
        try
        {
            Task flowing;
            lock (_gate)
            {
                flowing = _flowing.Task;
            }

            if (!flowing.IsCompleted)
            {
                Held.TrySetResult();
            }

            await flowing;
            return await operation();
        }
        finally
        {
            _order.Release();
        }
    }
}
