using System.Collections.Frozen;

namespace ControlPlane.Enforcement.Responses;

/// <summary>
/// Which response headers are stored and replayed. Dropped: pseudo-headers, hop-by-hop headers (RFC 9110 §7.6.1)
/// and any named in <c>Connection</c>, <c>content-length</c> (Envoy sets it on the local reply), and what Envoy's
/// default mutation rules refuse (<c>x-envoy-*</c>, <c>host</c>).
/// </summary>
internal static class ReplayableHeaders
{
    private static readonly FrozenSet<string> Dropped = new[]
    {
        "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "content-length", "host",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static bool IsReplayable(string name, IReadOnlySet<string>? namedByConnection = null) =>
        name.Length > 0
        && name[0] != ':'
        && !Dropped.Contains(name)
        && !name.StartsWith("proxy-", StringComparison.OrdinalIgnoreCase)
        && !name.StartsWith("x-envoy-", StringComparison.OrdinalIgnoreCase)
        && namedByConnection?.Contains(name) != true;

    /// <summary>The header names listed in <c>Connection</c> values, which are hop-by-hop too.</summary>
    public static IReadOnlySet<string> NamedByConnection(IEnumerable<string> connectionValues) =>
        connectionValues
            .SelectMany(value => value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
