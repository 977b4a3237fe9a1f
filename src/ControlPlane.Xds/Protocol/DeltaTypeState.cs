namespace ControlPlane.Xds.Protocol;

/// <summary>State of one resource type on a delta stream.</summary>
internal sealed class DeltaTypeState(string typeUrl)
{
    public string TypeUrl { get; } = typeUrl;

    public Subscription Subscription { get; } = new();

    /// <summary>Name to version of what the node holds (or is being sent), as far as this stream knows.</summary>
    public Dictionary<string, string> NodeHas { get; } = new(StringComparer.Ordinal);

    public string? LastNonce { get; set; }

    public bool AwaitingAck { get; set; }

    public string? SentVersion { get; set; }

    /// <summary>What the last response changed, with the versions held before it, to undo on a NACK.</summary>
    public IReadOnlyDictionary<string, string?> InFlight { get; set; } = NothingInFlight;

    /// <summary>Shared by every idle stream: an answered response needs no undo information.</summary>
    public static IReadOnlyDictionary<string, string?> NothingInFlight { get; } = new Dictionary<string, string?>();

    public bool Initialized { get; set; }
}
