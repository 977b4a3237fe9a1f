namespace ControlPlane.Xds.Status;

/// <summary>
/// One thing a node rejected, and what the rejecting stream held of it just before: the only evidence that tells a
/// later stream of the same node id that still runs that config (the same Envoy, reconnected) from a healthy sibling.
/// </summary>
/// <param name="Key">What the stream must not be sent: the type's version (SotW) or "name@version" (delta).</param>
/// <param name="Name">The resource (delta); empty for SotW, where a version covers the whole response.</param>
/// <param name="HeldBefore">The version the stream held (SotW: of the type; delta: of the resource); null when none.</param>
/// <param name="Version">The rejected response's version (SotW version, delta system version), for status.</param>
internal sealed record Rejection(string Key, string Name, string? HeldBefore, string Version, string Error, DateTimeOffset At);
