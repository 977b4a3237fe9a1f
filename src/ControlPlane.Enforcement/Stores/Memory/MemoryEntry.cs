namespace ControlPlane.Enforcement.Stores.Memory;

/// <summary>One key of the memory store; mutated only under the store's lock.</summary>
internal sealed class MemoryEntry(string key, string fingerprint, string token, DateTimeOffset expiresAt)
{
    public string Key { get; } = key;

    public string Fingerprint { get; } = fingerprint;

    public string Token { get; } = token;

    public DateTimeOffset ExpiresAt { get; set; } = expiresAt;

    public StoredResponse? Response { get; set; }

    public LinkedListNode<MemoryEntry>? AgeNode { get; set; }

    /// <summary>Created only when a duplicate waits; completed when this entry completes, is released or goes away.</summary>
    public TaskCompletionSource? Changed { get; set; }

    public bool IsExpired(DateTimeOffset now) => ExpiresAt <= now;

    public void SignalChanged()
    {
        Changed?.TrySetResult();
        Changed = null;
    }
}
