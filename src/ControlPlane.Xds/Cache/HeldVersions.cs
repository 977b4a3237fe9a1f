using System.Diagnostics.CodeAnalysis;

namespace ControlPlane.Xds.Cache;

/// <summary>
/// What a delta node holds of one type: names and versions in ordinal name order. Immutable, so a node that holds
/// exactly a snapshot's set (the usual case) shares that set's instance with every other such node instead of keeping a
/// map of its own, and comparing it with a new set is one walk over two sorted lists.
/// </summary>
internal sealed class HeldVersions
{
    private readonly (string Name, string Version)[] _entries;

    /// <param name="entries">Distinct names, in ordinal order.</param>
    public HeldVersions((string Name, string Version)[] entries) => _entries = entries;

    public static HeldVersions None { get; } = new([]);

    public ReadOnlySpan<(string Name, string Version)> Entries => _entries;

    public bool TryGet(string name, [NotNullWhen(true)] out string? version)
    {
        var low = 0;
        var high = _entries.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var order = string.CompareOrdinal(_entries[middle].Name, name);
            if (order == 0)
            {
                version = _entries[middle].Version;
                return true;
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        version = null;
        return false;
    }

    /// <summary>These entries with <paramref name="changes"/> applied in order: a version sets the name, null removes it.</summary>
    public HeldVersions With(IReadOnlyList<(string Name, string? Version)> changes)
    {
        if (changes.Count == 0)
        {
            return this;
        }

        var changed = IsAscending(changes) ? changes : SortedLastWins(changes);
        var merged = new List<(string Name, string Version)>(_entries.Length + changed.Count);
        var different = false;
        int i = 0, j = 0;
        while (i < _entries.Length || j < changed.Count)
        {
            var order = i == _entries.Length ? 1 : j == changed.Count ? -1 : string.CompareOrdinal(_entries[i].Name, changed[j].Name);
            if (order < 0)
            {
                merged.Add(_entries[i++]);
                continue;
            }

            var (name, version) = changed[j++];
            different |= order == 0 ? !string.Equals(version, _entries[i].Version, StringComparison.Ordinal) : version is not null;
            if (version is not null)
            {
                merged.Add((name, version));
            }

            i += order == 0 ? 1 : 0;
        }

        // Unchanged keeps this instance, which may be a set's, shared by many streams.
        return !different ? this : merged.Count == 0 ? None : new HeldVersions([.. merged]);
    }

    // A push's changes come in name order already; only subscription changes need sorting.
    private static bool IsAscending(IReadOnlyList<(string Name, string? Version)> changes)
    {
        for (var i = 1; i < changes.Count; i++)
        {
            if (string.CompareOrdinal(changes[i - 1].Name, changes[i].Name) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    private static (string Name, string? Version)[] SortedLastWins(IReadOnlyList<(string Name, string? Version)> changes)
    {
        var last = new Dictionary<string, string?>(changes.Count, StringComparer.Ordinal);
        foreach (var (name, version) in changes)
        {
            last[name] = version;
        }

        return [.. last.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value))];
    }

    public bool SameAs(HeldVersions other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (_entries.Length != other._entries.Length)
        {
            return false;
        }

        for (var i = 0; i < _entries.Length; i++)
        {
            if (!string.Equals(_entries[i].Name, other._entries[i].Name, StringComparison.Ordinal)
                || !string.Equals(_entries[i].Version, other._entries[i].Version, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
