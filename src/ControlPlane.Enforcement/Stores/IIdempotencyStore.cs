namespace ControlPlane.Enforcement.Stores;

/// <summary>
/// Claims and stored responses by lookup key. Every operation is atomic. A claim carries a token, so a request whose
/// lease expired cannot complete or release a newer claim on the same key. Failures throw
/// <see cref="StoreUnavailableException"/>.
/// </summary>
internal interface IIdempotencyStore
{
    /// <summary>Short name for metrics and logs (<c>memory</c>, <c>redis</c>).</summary>
    string Kind { get; }

    /// <summary>Claims a free or expired key for <paramref name="lease"/>, or says who has it.</summary>
    ValueTask<ClaimResult> TryClaimAsync(string key, string fingerprint, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Turns the claim into a stored response kept for <paramref name="ttl"/>; false when the claim is no longer ours.</summary>
    ValueTask<bool> CompleteAsync(string key, string token, StoredResponse response, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Frees the claim so a retry runs again; false when the claim is no longer ours.</summary>
    ValueTask<bool> ReleaseAsync(string key, string token, CancellationToken cancellationToken);

    ValueTask<StoredEntry?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Returns when the key may have changed (completed, released, expired) or after <paramref name="maxWait"/>.</summary>
    Task WaitForChangeAsync(string key, TimeSpan maxWait, CancellationToken cancellationToken);
}
