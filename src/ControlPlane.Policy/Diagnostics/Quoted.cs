namespace ControlPlane.Policy.Diagnostics;

/// <summary>Values quoted in messages are cut to a prefix: a 4 MiB scalar must not become a 4 MiB log line.</summary>
internal static class Quoted
{
    public static string Prefix(string value) =>
        value.Length <= PolicyLimits.MaxQuotedChars ? value : string.Concat(value.AsSpan(0, PolicyLimits.MaxQuotedChars), "…");
}
