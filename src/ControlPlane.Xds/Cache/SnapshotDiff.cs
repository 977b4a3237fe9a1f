using System.Collections.Immutable;

namespace ControlPlane.Xds.Cache;

internal static class SnapshotDiff
{
    /// <summary>"TYPE/name" of every resource whose version differs between the two snapshots.</summary>
    public static ImmutableArray<string> ChangedResources(XdsSnapshot? before, XdsSnapshot after)
    {
        var changed = ImmutableArray.CreateBuilder<string>();
        foreach (var type in ResourceTypes.AdditionOrder)
        {
            var old = before?.Get(type).Resources ?? ImmutableSortedDictionary<string, XdsResource>.Empty;
            var now = after.Get(type).Resources;
            foreach (var (name, resource) in now)
            {
                if (!old.TryGetValue(name, out var previous) || previous.Version != resource.Version)
                {
                    changed.Add($"{ResourceTypes.ShortName(type)}/{name}");
                }
            }

            changed.AddRange(old.Keys.Where(name => !now.ContainsKey(name)).Select(name => $"{ResourceTypes.ShortName(type)}/{name} (removed)"));
        }

        return changed.ToImmutable();
    }
}
