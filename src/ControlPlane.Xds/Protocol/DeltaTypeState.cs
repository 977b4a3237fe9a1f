namespace ControlPlane.Xds.Protocol;

/// <summary>State of one resource type on a delta stream.</summary>
internal sealed class DeltaTypeState(string typeUrl, int typeIndex) : TypeState(typeUrl, typeIndex)
{
    /// <summary>Name to version of what the node holds (or is being sent), as far as this stream knows.</summary>
    public Dictionary<string, string> NodeHas { get; } = new(StringComparer.Ordinal);

    /// <summary>What the last response changed, with the versions held before it (null: none), to undo on a NACK.</summary>
    public (string Name, string? Previous)[] InFlight { get; set; } = [];
}
