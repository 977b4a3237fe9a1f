using ControlPlane.Xds.Cache;

namespace ControlPlane.Xds.Protocol;

/// <summary>
/// What a stream asked for of one type: everything (wildcard) and/or a set of names. The names are one sorted array
/// (a fraction of a hash set's memory on every idle stream), so membership is a binary search and a push walks the
/// subscription and the snapshot's name-ordered resources side by side.
/// </summary>
internal sealed class Subscription
{
    public const string WildcardName = "*";

    // Above this many names an unchanged restatement is not worth proving without allocating: it is rebuilt.
    private const int MaxNamesCheckedInPlace = 4096;

    private string[] _names = [];

    public bool Wildcard { get; private set; }

    /// <summary>The subscribed names (without "*"), distinct, in ordinal order.</summary>
    public ReadOnlySpan<string> Names => _names;

    public bool Includes(string name) => Wildcard || Array.BinarySearch(_names, name, StringComparer.Ordinal) >= 0;

    /// <summary>
    /// SotW: every request restates the whole subscription. Returns whether it changed; an unchanged restatement (every
    /// ACK) allocates nothing. Names found in <paramref name="known"/> are kept as its instances, shared by all streams.
    /// </summary>
    public bool Replace(IReadOnlyList<string> names, bool legacyWildcard, ResourceSet? known)
    {
        if (IsRestatement(names, legacyWildcard))
        {
            return false;
        }

        var wildcard = legacyWildcard && names.Count == 0;
        var rebuilt = new List<string>(names.Count);
        foreach (var name in names)
        {
            if (name == WildcardName)
            {
                wildcard = true;
            }
            else
            {
                rebuilt.Add(known?.Intern(name) ?? name);
            }
        }

        Wildcard = wildcard;
        _names = Shared(SortedDistinct(rebuilt), known);
        return true;
    }

    /// <summary>
    /// Delta: subscriptions change by difference. Returns the names (or "*") newly subscribed, resubscriptions included;
    /// an ACK, which changes nothing, allocates nothing.
    /// </summary>
    public IReadOnlyCollection<string> Apply(IReadOnlyCollection<string> subscribe, IReadOnlyCollection<string> unsubscribe, bool legacyWildcard, ResourceSet? known)
    {
        if (subscribe.Count == 0 && unsubscribe.Count == 0 && !legacyWildcard)
        {
            return subscribe;
        }

        var names = new List<string>(_names);
        if (unsubscribe.Count > 0)
        {
            var gone = new HashSet<string>(unsubscribe, StringComparer.Ordinal);
            if (gone.Remove(WildcardName))
            {
                Wildcard = false;
            }

            names.RemoveAll(gone.Contains);
        }

        if (legacyWildcard && subscribe.Count == 0)
        {
            Wildcard = true;
            _names = Shared(SortedDistinct(names), known);
            return [WildcardName];
        }

        foreach (var name in subscribe)
        {
            if (name == WildcardName)
            {
                Wildcard = true;
            }
            else
            {
                names.Add(known?.Intern(name) ?? name);
            }
        }

        _names = Shared(SortedDistinct(names), known);
        return subscribe;
    }

    /// <summary>Whether <paramref name="names"/> states exactly the current subscription, in any order, duplicates allowed.</summary>
    private bool IsRestatement(IReadOnlyList<string> names, bool legacyWildcard)
    {
        if (_names.Length > MaxNamesCheckedInPlace)
        {
            return false;
        }

        Span<bool> seen = stackalloc bool[_names.Length];
        var seenCount = 0;
        var wildcard = legacyWildcard && names.Count == 0;
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (name == WildcardName)
            {
                wildcard = true;
                continue;
            }

            var index = Array.BinarySearch(_names, name, StringComparer.Ordinal);
            if (index < 0)
            {
                return false;
            }

            if (!seen[index])
            {
                seen[index] = true;
                seenCount++;
            }
        }

        return wildcard == Wildcard && seenCount == _names.Length;
    }

    private static string[] Shared(string[] names, ResourceSet? known) => names.Length == 0 || known is null ? names : known.Share(names);

    private static string[] SortedDistinct(List<string> names)
    {
        names.Sort(StringComparer.Ordinal);
        var distinct = 0;
        for (var i = 0; i < names.Count; i++)
        {
            if (distinct == 0 || !string.Equals(names[i], names[distinct - 1], StringComparison.Ordinal))
            {
                names[distinct++] = names[i];
            }
        }

        names.RemoveRange(distinct, names.Count - distinct);
        return names.Count == 0 ? [] : names.ToArray();
    }
}
