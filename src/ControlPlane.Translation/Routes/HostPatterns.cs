namespace ControlPlane.Translation.Routes;

/// <summary>Envoy's domain patterns: exact, <c>*.suffix</c>, <c>prefix.*</c> and <c>*</c>, compared case-insensitively.</summary>
internal static class HostPatterns
{
    public const string Any = "*";

    public static bool IsWildcard(string pattern) => pattern.Contains('*', StringComparison.Ordinal);

    /// <summary>True when every host <paramref name="domain"/> matches is also matched by <paramref name="pattern"/>.</summary>
    public static bool Covers(string pattern, string domain)
    {
        if (pattern == Any || string.Equals(pattern, domain, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Envoy's wildcards stand for at least one character, hence the strict length checks.
        if (pattern.Length > 1 && pattern[0] == '*')
        {
            var suffix = pattern.AsSpan(1);
            return domain.Length > suffix.Length && domain.AsSpan().EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
        }

        if (pattern.Length > 1 && pattern[^1] == '*')
        {
            var prefix = pattern.AsSpan(0, pattern.Length - 1);
            return domain.Length > prefix.Length && domain.AsSpan().StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }
}
