namespace ControlPlane.Enforcement.Stores;

internal enum ClaimOutcome
{
    /// <summary>This request owns the key now; it goes to the backend.</summary>
    Claimed,

    /// <summary>Another request owns the key and has not finished.</summary>
    InFlight,

    /// <summary>The key holds a stored response for the same fingerprint.</summary>
    Completed,

    /// <summary>The key is claimed or completed for a different fingerprint.</summary>
    FingerprintMismatch,
}
