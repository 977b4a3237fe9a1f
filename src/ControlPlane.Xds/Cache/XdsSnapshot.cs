using System.Collections.Immutable;

namespace ControlPlane.Xds.Cache;

/// <summary>
/// An immutable, consistent set of resources for one gateway group. Built once, swapped in atomically, shared by
/// every stream of the group.
/// </summary>
public sealed class XdsSnapshot
{
    private readonly ImmutableDictionary<string, ResourceSet> _byType;

    // By position in ResourceTypes.AdditionOrder: what every stream reads on every push.
    private readonly ResourceSet[] _byTypeIndex;

    private XdsSnapshot(ImmutableDictionary<string, ResourceSet> byType)
    {
        _byType = byType;
        _byTypeIndex = [.. ResourceTypes.AdditionOrder.Select(t => byType.TryGetValue(t, out var set) ? set : ResourceSet.Empty(t))];
        Version = ContentHash.OfNamedVersions(
            ResourceTypes.AdditionOrder.Select(t => KeyValuePair.Create(t, Get(t).Version)));
        SerializedBytes = byType.Values.SelectMany(s => s.Resources.Values).Sum(r => (long)r.Body.Length);
    }

    /// <summary>Hash over the type versions: equal snapshots have equal versions.</summary>
    public string Version { get; }

    /// <summary>Bytes serialized to build this snapshot (each resource once).</summary>
    public long SerializedBytes { get; }

    public ResourceSet Get(string typeUrl) =>
        _byType.TryGetValue(typeUrl, out var set) ? set : ResourceSet.Empty(typeUrl);

    /// <summary>The set of the type at <paramref name="typeIndex"/> in <see cref="ResourceTypes.AdditionOrder"/>.</summary>
    internal ResourceSet Get(int typeIndex) => _byTypeIndex[typeIndex];

    /// <summary>Groups resources by type; duplicates and unknown types are programming errors.</summary>
    public static XdsSnapshot Create(IEnumerable<XdsResource> resources)
    {
        var builders = ResourceTypes.AdditionOrder.ToDictionary(
            t => t,
            _ => ImmutableSortedDictionary.CreateBuilder<string, XdsResource>(StringComparer.Ordinal));
        foreach (var resource in resources)
        {
            if (!builders.TryGetValue(resource.TypeUrl, out var builder))
            {
                throw new ArgumentException($"Resource '{resource.Name}' has unsupported type {resource.TypeUrl}.", nameof(resources));
            }

            if (!builder.TryAdd(resource.Name, resource))
            {
                throw new ArgumentException($"Duplicate {ResourceTypes.ShortName(resource.TypeUrl)} resource '{resource.Name}'.", nameof(resources));
            }
        }

        return new XdsSnapshot(builders.ToImmutableDictionary(kv => kv.Key, kv => ResourceSet.Create(kv.Key, kv.Value.ToImmutable())));
    }
}
