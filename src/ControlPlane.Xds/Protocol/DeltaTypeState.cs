using ControlPlane.Xds.Cache;

namespace ControlPlane.Xds.Protocol;

/// <summary>State of one resource type on a delta stream.</summary>
internal sealed class DeltaTypeState(string typeUrl, int typeIndex) : TypeState(typeUrl, typeIndex)
{
    /// <summary>What the node holds (or is being sent), as far as this stream knows.</summary>
    public HeldVersions Held { get; set; } = HeldVersions.None;

    /// <summary>What the last response changed, with the versions held before it (null: none), to undo on a NACK.</summary>
    public (string Name, string? Version)[] InFlight { get; set; } = [];
}
