using System.Collections.Immutable;

namespace ControlPlane.Enforcement;

/// <summary>Values of the <c>outcome</c> tag of <see cref="EnforcementMetrics.DecisionsInstrument"/>.</summary>
public static class DecisionOutcomes
{
    /// <summary>First request: key claimed, request sent to the backend.</summary>
    public const string Continued = "continued";

    /// <summary>Retry answered with the stored response.</summary>
    public const string Replayed = "replayed";

    /// <summary>Duplicate while the first request is in flight: 409.</summary>
    public const string Conflict = "conflict";

    /// <summary>Same key, different fingerprint: 422.</summary>
    public const string Mismatch = "mismatch";

    public const string MissingKey = "missing_key";

    public const string InvalidKey = "invalid_key";

    public const string TooLarge = "too_large";

    /// <summary>Store unavailable, rule fails open: request sent on without idempotency.</summary>
    public const string StoreUnavailableOpen = "store_unavailable_open";

    /// <summary>Store unavailable, rule fails closed: 503.</summary>
    public const string StoreUnavailableClosed = "store_unavailable_closed";

    /// <summary>Response not stored (status class, local reply, gRPC): claim released so a retry runs again.</summary>
    public const string Released = "released";

    /// <summary>Response stored for replay.</summary>
    public const string Stored = "stored";

    /// <summary>Request outside idempotency: method not covered, or optional key absent.</summary>
    public const string PassedThrough = "passed_through";

    /// <summary>
    /// The stream named no rule, or a rule this service does not know: the route's failure mode applied (503 when
    /// closed, forwarded when open). Tagged <c>rule="unknown"</c>, never with the name the stream sent.
    /// </summary>
    public const string UnknownRule = "unknown_rule";

    /// <summary>Stream ended without a response phase; the claim was released (or left to its lease).</summary>
    public const string Abandoned = "abandoned";

    /// <summary>The response came after the claim's lease expired and another request claimed the key: not stored.</summary>
    public const string LeaseLost = "lease_lost";

    /// <summary>Storing or releasing failed because the store became unavailable; the lease frees the key.</summary>
    public const string StoreError = "store_error";

    /// <summary>A claim the store wrote after its deadline had passed (the request got the failure mode) was released in the background.</summary>
    public const string Withdrawn = "withdrawn";

    /// <summary>Every outcome a loaded rule can have, for the series that exist at zero from the rule's load on.</summary>
    internal static ImmutableArray<string> OfLoadedRules { get; } =
    [
        Continued, Replayed, Conflict, Mismatch, MissingKey, InvalidKey, TooLarge, StoreUnavailableOpen, StoreUnavailableClosed,
        Released, Stored, PassedThrough, Abandoned, LeaseLost, StoreError, Withdrawn,
    ];
}
