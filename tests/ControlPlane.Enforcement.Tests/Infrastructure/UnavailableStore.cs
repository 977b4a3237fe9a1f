using ControlPlane.Enforcement.Stores;

namespace ControlPlane.Enforcement.Tests.Infrastructure;

/// <summary>A store that is down: every operation fails as unavailable, and counts the calls it got.</summary>
internal sealed class UnavailableStore : IIdempotencyStore
{
    public int Calls { get; private set; }

    public string Kind => "down";

    public ValueTask<ClaimResult> TryClaimAsync(string key, string fingerprint, TimeSpan lease, CancellationToken cancellationToken) => Fail<ClaimResult>();

    public ValueTask<bool> CompleteAsync(string key, string token, StoredResponse response, TimeSpan ttl, CancellationToken cancellationToken) => Fail<bool>();

    public ValueTask<bool> ReleaseAsync(string key, string token, CancellationToken cancellationToken) => Fail<bool>();

    public ValueTask<StoredEntry?> GetAsync(string key, CancellationToken cancellationToken) => Fail<StoredEntry?>();

    public Task WaitForChangeAsync(string key, TimeSpan maxWait, CancellationToken cancellationToken) => Fail<bool>().AsTask();

    private ValueTask<T> Fail<T>()
    {
        Calls++;
        return ValueTask.FromException<T>(new StoreUnavailableException("down for the test"));
    }
}
