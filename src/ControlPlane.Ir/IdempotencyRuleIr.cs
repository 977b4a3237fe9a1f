using System.Collections.Immutable;

namespace ControlPlane.Ir;

/// <summary>
/// A compiled idempotency policy: everything the enforcement service needs to decide, and everything the Envoy
/// translator needs to route requests to it. Header names are lower case.
/// </summary>
/// <param name="Name">The policy name; unique across the fleet. Travels to the service in gRPC initial metadata.</param>
/// <param name="Methods">Upper-case HTTP methods the rule applies to.</param>
/// <param name="ScopeHeaders">Request headers whose values namespace the key (e.g. <c>x-tenant-id</c>).</param>
/// <param name="Ttl">How long a completed response is kept and replayed.</param>
/// <param name="Lease">How long a claim lives without a response phase before it expires.</param>
/// <param name="StoredStatusClasses">Status classes (2 = 2xx, …) whose responses are stored; others release the claim.</param>
/// <param name="MaxBodyBytes">Request bodies above this get 413.</param>
/// <param name="ReplayHeader">Header added to replayed responses, e.g. <c>idempotent-replayed</c>.</param>
public sealed record IdempotencyRuleIr(
    string Name,
    EquatableArray<string> Methods,
    KeySourceIr Key,
    EquatableArray<string> ScopeHeaders,
    TimeSpan Ttl,
    FingerprintIr Fingerprint,
    InFlightIr InFlight,
    TimeSpan Lease,
    EquatableArray<int> StoredStatusClasses,
    long MaxBodyBytes,
    FailureMode FailureMode,
    string ReplayHeader)
{
    /// <summary>The request body must reach the service (body key or body fingerprint).</summary>
    public bool NeedsRequestBody => Key.Location == KeyLocation.BodyField || Fingerprint.Body;
}

public enum KeyLocation
{
    Header,
    BodyField,
}

/// <param name="Name">Header name (lower case) or JSON body field path (dot-separated, e.g. <c>vendor_data</c>).</param>
/// <param name="AllowedCharacters">A regular expression the whole key must match; null allows any visible ASCII.</param>
public sealed record KeySourceIr(KeyLocation Location, string Name, bool Required, int MaxLength, string? AllowedCharacters);

/// <param name="Headers">Lower-case request headers included in the fingerprint.</param>
public sealed record FingerprintIr(bool Body, EquatableArray<string> Headers, bool Query);

public enum InFlightMode
{
    /// <summary>409 with Retry-After.</summary>
    Reject,

    /// <summary>Hold the duplicate up to <see cref="InFlightIr.MaxWait"/> for the first result, then 409.</summary>
    Wait,
}

/// <param name="MaxWait">Only for <see cref="InFlightMode.Wait"/>.</param>
/// <param name="RetryAfter">Value of Retry-After on a 409.</param>
public sealed record InFlightIr(InFlightMode Mode, TimeSpan MaxWait, TimeSpan RetryAfter);

public enum FailureMode
{
    /// <summary>Store unavailable: let the request through without idempotency.</summary>
    Open,

    /// <summary>Store unavailable: answer 503.</summary>
    Closed,
}
