using System.Collections.Immutable;

namespace ControlPlane.Enforcement.Stores;

/// <summary>An upstream response kept for replay: status, replayable headers in order, and the whole body.</summary>
internal sealed record StoredResponse(int Status, ImmutableArray<StoredHeader> Headers, byte[] Body);

/// <summary>A header as Envoy carried it: the value is raw octets.</summary>
internal sealed record StoredHeader(string Name, byte[] Value);
