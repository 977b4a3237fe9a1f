namespace ControlPlane.Xds.Protocol;

/// <summary>What a stream asked for of one type: everything (wildcard) and/or a set of names.</summary>
internal sealed class Subscription
{
    public const string WildcardName = "*";

    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public bool Wildcard { get; private set; }

    public IReadOnlySet<string> Names => _names;

    public bool Includes(string name) => Wildcard || _names.Contains(name);

    /// <summary>SotW: every request restates the whole subscription. Returns the names newly added.</summary>
    public IReadOnlyList<string> Replace(IReadOnlyCollection<string> names, bool legacyWildcard)
    {
        var wildcard = names.Contains(WildcardName) || (legacyWildcard && names.Count == 0);
        var added = names.Where(n => n != WildcardName && !_names.Contains(n)).ToList();
        var wasWildcard = Wildcard;
        _names.Clear();
        _names.UnionWith(names.Where(n => n != WildcardName));
        Wildcard = wildcard;
        if (wildcard && !wasWildcard)
        {
            added.Add(WildcardName);
        }

        return added;
    }

    /// <summary>Delta: subscriptions change by difference. Returns the names (or "*") newly added, resubscriptions included.</summary>
    public IReadOnlyList<string> Apply(IReadOnlyCollection<string> subscribe, IReadOnlyCollection<string> unsubscribe, bool legacyWildcard)
    {
        foreach (var name in unsubscribe)
        {
            if (name == WildcardName)
            {
                Wildcard = false;
            }
            else
            {
                _names.Remove(name);
            }
        }

        if (legacyWildcard && subscribe.Count == 0)
        {
            Wildcard = true;
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
                _names.Add(name);
            }
        }

        return subscribe.ToList();
    }
}
