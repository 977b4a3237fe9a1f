using ControlPlane.Enforcement.Rules;

namespace ControlPlane.Enforcement.Keys;

/// <summary>
/// What identifies "the same request" for a key, as the rule chooses: the body bytes, selected headers, and the query
/// string of <c>:path</c>. A retry with the same key and a different fingerprint gets 422.
/// </summary>
internal static class RequestFingerprint
{
    public static string Compute(CompiledRule rule, HeaderMapView headers, ReadOnlySpan<byte> body)
    {
        var fingerprint = rule.Ir.Fingerprint;
        using var hash = new HashWriter();
        if (fingerprint.Body)
        {
            hash.Present(body);
        }

        foreach (var header in fingerprint.Headers)
        {
            HeaderFields.Append(hash, headers, header);
        }

        if (fingerprint.Query)
        {
            var query = QueryOf(headers.First(":path"));
            if (query is null)
            {
                hash.Absent();
            }
            else
            {
                hash.Present(query);
            }
        }

        return hash.ToHex();
    }

    /// <summary>The text after the first <c>?</c> of the path, without a fragment; null when there is no query.</summary>
    internal static string? QueryOf(string? path)
    {
        var start = path?.IndexOf('?', StringComparison.Ordinal) ?? -1;
        if (start < 0)
        {
            return null;
        }

        var query = path!.AsSpan(start + 1);
        var fragment = query.IndexOf('#');
        return (fragment < 0 ? query : query[..fragment]).ToString();
    }
}
