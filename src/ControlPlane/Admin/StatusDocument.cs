using ControlPlane.Enforcement;
using ControlPlane.Pipeline;
using ControlPlane.Xds.Status;

namespace ControlPlane.Admin;

/// <summary>
/// The body of <c>/status</c>, and what the <c>status</c> verb reads back: one typed shape for both sides, so the CLI
/// can never drift from the server. Field names are the JSON names users and tests rely on (camelCase). The parts are
/// the components' own records; derived properties (a reload's <c>succeeded</c>, a type's <c>state</c>) are written,
/// and recomputed by the same code when read back.
/// </summary>
/// <param name="Reload">The latest reload, whatever its outcome; null before the first.</param>
/// <param name="Serving">The reload whose policy set is served, as of when it last changed; null while none is.</param>
/// <param name="Groups">Per gateway group with a snapshot: the versions served; null on an ext_proc-only replica.</param>
/// <param name="Nodes">One row per open xDS stream (several Envoys may share a node id); null on an ext_proc-only replica.</param>
/// <param name="Store">The idempotency store's health; null on an xDS-only replica.</param>
internal sealed record StatusDocument(
    ReloadReport? Reload,
    ReloadReport? Serving,
    IReadOnlyList<GroupStatus>? Groups,
    IReadOnlyList<StreamSyncStatus>? Nodes,
    StoreHealthSnapshot? Store);

/// <summary>What one gateway group is served.</summary>
/// <param name="Version">The snapshot's version (a hash over the type versions).</param>
/// <param name="Versions">The SotW <c>version_info</c> per type (<c>CDS</c>, <c>EDS</c>, <c>LDS</c>, <c>RDS</c>), as <c>render</c> prints them.</param>
internal sealed record GroupStatus(string Group, string? Version, IReadOnlyDictionary<string, string>? Versions);

