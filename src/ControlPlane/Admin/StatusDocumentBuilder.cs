using ControlPlane.Enforcement;
using ControlPlane.Pipeline;
using ControlPlane.Xds;
using ControlPlane.Xds.Cache;
using ControlPlane.Xds.Status;

namespace ControlPlane.Admin;

/// <summary>Builds <see cref="StatusDocument"/> from the live state; each part is absent when its role does not run here.</summary>
internal static class StatusDocumentBuilder
{
    public static StatusDocument Build(PipelineStatus status, ISnapshotCache? cache, NodeStatusRegistry? nodes, StoreHealth? store) => new(
        status.Latest,
        status.LastGood,
        cache?.Groups.Order(StringComparer.Ordinal).Select(g => Group(g, cache.Get(g))).ToArray(),
        nodes?.Snapshot(),
        store?.Snapshot());

    /// <summary>The SotW version per type short name, computed by the cache itself: what Envoy receives as <c>version_info</c>.</summary>
    public static IReadOnlyDictionary<string, string> TypeVersions(XdsSnapshot snapshot) =>
        ResourceTypes.AdditionOrder.ToDictionary(ResourceTypes.ShortName, t => snapshot.Get(t).Version, StringComparer.Ordinal);

    private static GroupStatus Group(string group, XdsSnapshot? snapshot) =>
        new(group, snapshot?.Version, snapshot is null ? null : TypeVersions(snapshot));
}
