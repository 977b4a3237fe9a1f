using System.Collections.Immutable;

namespace ControlPlane.Translation.Routes;

/// <param name="Domains">In first-appearance order.</param>
/// <param name="RouteIndices">Ascending indices into the route table, i.e. declared order.</param>
internal sealed record PlannedVirtualHost(ImmutableArray<string> Domains, int[] RouteIndices);

/// <summary>
/// Splits a route table into virtual hosts. Envoy picks exactly one virtual host per request (the most specific
/// domain) and never falls back to another, and it rejects a domain listed twice. So every domain gets the full list
/// of routes whose hosts cover it (a <c>*</c> route also lands in <c>api.example.com</c>'s host), and domains with the
/// identical route list share one virtual host. Routes that all name the same hosts simply become one virtual host.
/// </summary>
internal static class VirtualHostPlanner
{
    public static ImmutableArray<PlannedVirtualHost> Plan(IReadOnlyList<TranslatedRoute> routes)
    {
        var routesByPattern = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        var domains = new List<string>();
        for (var i = 0; i < routes.Count; i++)
        {
            foreach (var host in routes[i].Hosts)
            {
                if (!routesByPattern.TryGetValue(host, out var indices))
                {
                    indices = [];
                    routesByPattern[host] = indices;
                    domains.Add(host);
                }

                if (indices.Count == 0 || indices[^1] != i)
                {
                    indices.Add(i);
                }
            }
        }

        var wildcards = domains.Where(HostPatterns.IsWildcard).ToArray();
        var groups = new Dictionary<int[], ImmutableArray<string>.Builder>(RouteIndicesComparer.Instance);
        var order = new List<int[]>();
        foreach (var domain in domains)
        {
            var indices = CoveringRoutes(domain, wildcards, routesByPattern);
            if (!groups.TryGetValue(indices, out var members))
            {
                members = ImmutableArray.CreateBuilder<string>();
                groups[indices] = members;
                order.Add(indices);
            }

            members.Add(domain);
        }

        return [.. order.Select(indices => new PlannedVirtualHost(groups[indices].ToImmutable(), indices))];
    }

    private static int[] CoveringRoutes(string domain, string[] wildcards, Dictionary<string, List<int>> routesByPattern)
    {
        var own = routesByPattern[domain];
        List<int>? merged = null;
        foreach (var wildcard in wildcards)
        {
            if (!string.Equals(wildcard, domain, StringComparison.OrdinalIgnoreCase) && HostPatterns.Covers(wildcard, domain))
            {
                merged ??= [.. own];
                merged.AddRange(routesByPattern[wildcard]);
            }
        }

        if (merged is null)
        {
            return [.. own];
        }

        merged.Sort();
        return [.. merged.Distinct()];
    }

    private sealed class RouteIndicesComparer : IEqualityComparer<int[]>
    {
        public static RouteIndicesComparer Instance { get; } = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.AsSpan()));
            return hash.ToHashCode();
        }
    }
}
