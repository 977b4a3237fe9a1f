namespace ControlPlane.Xds.Status;

/// <summary>What one node holds of one resource type, as its ACKs and NACKs told us.</summary>
public sealed record TypeSyncStatus(
    string Type,
    string? SentVersion,
    string? AckedVersion,
    string? RejectedVersion,
    string? LastError,
    DateTimeOffset? LastErrorAt)
{
    /// <summary>SYNCED when the node acknowledged what was sent, STALE while an answer is pending, ERROR after a NACK of the latest send.</summary>
    public string State => SentVersion is null ? "NOT_SENT"
        : RejectedVersion == SentVersion ? "ERROR"
        : AckedVersion == SentVersion ? "SYNCED"
        : "STALE";
}

public sealed record NodeSyncStatus(string NodeId, string Group, bool Connected, DateTimeOffset LastSeen, IReadOnlyList<TypeSyncStatus> Types);
