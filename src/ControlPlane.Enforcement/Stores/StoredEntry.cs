namespace ControlPlane.Enforcement.Stores;

/// <summary>What a store holds for a key, as read without changing it.</summary>
/// <param name="Response">Null while the key is claimed and not completed.</param>
internal sealed record StoredEntry(string Fingerprint, StoredResponse? Response, TimeSpan Remaining);
