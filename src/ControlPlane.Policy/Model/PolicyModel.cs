using System.Collections.Immutable;
using ControlPlane.Ir;
using ControlPlane.Policy.Diagnostics;

namespace ControlPlane.Policy.Model;

/// <summary>An IdempotencyPolicy document as read; the same conventions as <see cref="GatewayModel"/>.</summary>
/// <param name="At">Where <c>metadata.name</c> is written.</param>
/// <param name="Routes">Route names with where each is written, for reference errors.</param>
internal sealed record PolicyModel(
    string Name,
    SourceRef At,
    string Gateway,
    SourceRef GatewayAt,
    ImmutableArray<Located<string>> Routes,
    ImmutableArray<string> Methods,
    KeySourceIr Key,
    ImmutableArray<string> ScopeHeaders,
    TimeSpan Ttl,
    FingerprintIr Fingerprint,
    InFlightIr InFlight,
    SourceRef MaxWaitAt,
    TimeSpan Lease,
    SourceRef LeaseAt,
    ImmutableArray<int> StoredStatusClasses,
    long MaxBodyBytes,
    SourceRef MaxBodyBytesAt,
    FailureMode FailureMode,
    string ReplayHeader,
    bool Clean)
{
    /// <summary>Envoy must buffer the body for the service: a body key or a body fingerprint.</summary>
    public bool NeedsRequestBody => Key.Location == KeyLocation.BodyField || Fingerprint.Body;
}
