namespace ControlPlane.Xds.Protocol;

/// <summary>What both variants track per resource type on a stream.</summary>
internal abstract class TypeState(string typeUrl, int typeIndex)
{
    public string TypeUrl { get; } = typeUrl;

    /// <summary>Position in <see cref="ResourceTypes.AdditionOrder"/>.</summary>
    public int TypeIndex { get; } = typeIndex;

    public Subscription Subscription { get; } = new();

    public string? LastNonce { get; set; }

    public bool AwaitingAck { get; set; }

    /// <summary>The version of the last response sent.</summary>
    public string? SentVersion { get; set; }

    /// <summary>When the last response sent became due (Stopwatch ticks, see StreamLoop.DueSince); its ACK ends its convergence.</summary>
    public long SentDueSince { get; set; }
}
