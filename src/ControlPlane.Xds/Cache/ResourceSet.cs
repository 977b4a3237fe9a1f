using System.Collections.Immutable;

namespace ControlPlane.Xds.Cache;

/// <summary>All resources of one type in a snapshot, by name, with a version derived from their names and versions.</summary>
public sealed class ResourceSet
{
    // Hash lookups for the per-stream paths (the sorted dictionary compares strings log(n) times per lookup).
    private readonly Dictionary<string, XdsResource> _byName;
    private HeldVersions? _held;
    private string[]? _lastSubscription;

    private ResourceSet(string typeUrl, ImmutableSortedDictionary<string, XdsResource> resources)
    {
        TypeUrl = typeUrl;
        Resources = resources;
        InNameOrder = [.. resources.Values];
        Version = VersionOf(InNameOrder);
        _byName = new Dictionary<string, XdsResource>(InNameOrder.Length, StringComparer.Ordinal);
        foreach (var resource in InNameOrder)
        {
            _byName.Add(resource.Name, resource);
        }
    }

    public string TypeUrl { get; }

    public ImmutableSortedDictionary<string, XdsResource> Resources { get; }

    /// <summary>The resources sorted by name, built once and shared by every stream. Never mutate it.</summary>
    internal XdsResource[] InNameOrder { get; }

    /// <summary>The SotW <c>version_info</c> of the complete set.</summary>
    public string Version { get; }

    public int Count => Resources.Count;

    public static ResourceSet Empty(string typeUrl) => new(typeUrl, ImmutableSortedDictionary<string, XdsResource>.Empty.WithComparers(StringComparer.Ordinal));

    internal static ResourceSet Create(string typeUrl, ImmutableSortedDictionary<string, XdsResource> resources) => new(typeUrl, resources);

    /// <summary>The version of any subset, e.g. the named resources one RDS subscription receives.</summary>
    internal static string VersionOf(IEnumerable<XdsResource> resourcesSortedByName) =>
        ContentHash.OfNamedVersions(resourcesSortedByName.Select(r => KeyValuePair.Create(r.Name, r.Version)));

    public bool TryGet(string name, out XdsResource resource) => _byName.TryGetValue(name, out resource!);

    internal bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>What a delta node holding all of this set holds; built once, shared by every such stream.</summary>
    internal HeldVersions Held => _held ??= new([.. InNameOrder.Select(r => (r.Name, r.Version))]);

    /// <summary>This set's instance of an equal name, so thousands of streams subscribing to it share one string.</summary>
    internal string Intern(string name) => _byName.TryGetValue(name, out var resource) ? resource.Name : name;

    /// <summary>
    /// The streams of a group mostly subscribe to the same names: equal subscription lists share the array of the last
    /// one seen, so a thousand idle streams hold one list instead of a thousand copies. A cache, not state: losing a
    /// race only costs a copy.
    /// </summary>
    internal string[] Share(string[] sortedNames)
    {
        var last = Volatile.Read(ref _lastSubscription);
        if (last is not null && last.AsSpan().SequenceEqual(sortedNames))
        {
            return last;
        }

        Volatile.Write(ref _lastSubscription, sortedNames);
        return sortedNames;
    }
}
