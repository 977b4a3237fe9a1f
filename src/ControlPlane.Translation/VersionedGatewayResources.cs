namespace ControlPlane.Translation;

/// <summary>
/// A gateway's resources with the versions the xDS layer gives them, so a rendered config can be compared with what
/// is served. Translation does not compute versions (that is the snapshot cache's job); the caller passes them in.
/// </summary>
/// <param name="Version">The snapshot version, as <c>/status</c> reports it per group.</param>
/// <param name="Versions">The SotW <c>version_info</c> per type short name (CDS, EDS, LDS, RDS), in that order.</param>
public sealed record VersionedGatewayResources(GatewayResources Resources, string Version, IReadOnlyDictionary<string, string> Versions);
