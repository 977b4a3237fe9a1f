namespace ControlPlane.Xds.Status;

/// <summary>What one stream holds of one resource type, as its ACKs and NACKs told us.</summary>
public sealed record TypeSyncStatus(
    string Type,
    string? SentVersion,
    string? AckedVersion,
    string? RejectedVersion,
    string? LastError,
    DateTimeOffset? LastErrorAt)
{
    /// <summary>
    /// SYNCED when the stream acknowledged what was sent, STALE while an answer is pending, ERROR after a NACK of the
    /// latest send or while a version rejected by an earlier stream of the node is held back, NOT_SENT before anything.
    /// </summary>
    public string State => RejectedVersion is not null && (SentVersion is null || RejectedVersion == SentVersion) ? "ERROR"
        : SentVersion is null ? "NOT_SENT"
        : AckedVersion == SentVersion ? "SYNCED"
        : "STALE";
}

/// <summary>One open xDS stream: who opened it, from where, since when, and what it holds per type.</summary>
/// <param name="Variant"><c>sotw</c> or <c>delta</c>.</param>
/// <param name="Service"><c>ADS</c>, or the per-type service (<c>CDS</c>, <c>EDS</c>, <c>LDS</c>, <c>RDS</c>).</param>
/// <param name="Peer">The client's address as gRPC reports it, e.g. <c>ipv4:10.0.0.7:51234</c>.</param>
public sealed record StreamSyncStatus(
    long StreamId,
    string NodeId,
    string Group,
    string Variant,
    string Service,
    string Peer,
    DateTimeOffset ConnectedSince,
    IReadOnlyList<TypeSyncStatus> Types);
