namespace ControlPlane.Enforcement.Service;

/// <summary>A request's place in the store: its hashed lookup key and its fingerprint.</summary>
internal sealed record IdempotentRequest(string LookupKey, string Fingerprint);
