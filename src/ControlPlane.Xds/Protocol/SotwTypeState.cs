using ControlPlane.Xds.Cache;

namespace ControlPlane.Xds.Protocol;

/// <summary>State of one resource type on a state-of-the-world stream; the sent version is, until a NACK says otherwise, what the node holds.</summary>
internal sealed class SotwTypeState(string typeUrl, int typeIndex) : TypeState(typeUrl, typeIndex)
{
    /// <summary>What the last response carried, in name order (often the snapshot's shared array).</summary>
    public IReadOnlyList<XdsResource> Sent { get; set; } = [];

    public string? AckedVersion { get; set; }

    /// <summary>The version a reconnecting node says it holds, until the next flush compares it with the snapshot.</summary>
    public string? ClaimedVersion { get; set; }

    public IReadOnlyList<XdsResource> Acked { get; set; } = [];
}
