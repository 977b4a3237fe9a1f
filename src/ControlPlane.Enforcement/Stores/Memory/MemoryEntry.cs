namespace ControlPlane.Enforcement.Stores.Memory;

/// <summary>One key of the memory store; mutated only under the store's lock.</summary>
internal sealed class MemoryEntry(string key, string fingerprint, string token, DateTimeOffset expiresAt)
{
    /// <summary>What a key costs besides its strings and response: the entry, its list and heap nodes, the dictionary slot.</summary>
    private const long Overhead = 256;

    public string Key { get; } = key;

    public string Fingerprint { get; } = fingerprint;

    public string Token { get; } = token;

    public DateTimeOffset ExpiresAt { get; set; } = expiresAt;

    public StoredResponse? Response { get; set; }

    /// <summary>Its place in the store's recency list (least recently used first).</summary>
    public LinkedListNode<MemoryEntry>? RecencyNode { get; set; }

    /// <summary>Created only when a duplicate waits; completed when this entry completes, is released or goes away.</summary>
    public TaskCompletionSource? Changed { get; set; }

    /// <summary>Bytes this entry counts against the store's budget (UTF-16 strings, response headers and body).</summary>
    public long Bytes => Overhead + (2L * (Key.Length + Fingerprint.Length + Token.Length)) + SizeOf(Response);

    public bool IsExpired(DateTimeOffset now) => ExpiresAt <= now;

    public void SignalChanged()
    {
        Changed?.TrySetResult();
        Changed = null;
    }

    public static long SizeOf(StoredResponse? response)
    {
        if (response is null)
        {
            return 0;
        }

        var bytes = (long)response.Body.Length;
        foreach (var header in response.Headers)
        {
            bytes += Overhead / 8 + (2L * header.Name.Length) + header.Value.Length;
        }

        return bytes;
    }
}
