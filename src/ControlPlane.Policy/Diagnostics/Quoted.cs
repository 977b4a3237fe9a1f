namespace ControlPlane.Policy.Diagnostics;

/// <summary>Values quoted in messages are cut to a prefix: a 4 MiB scalar must not become a 4 MiB log line.</summary>
internal static class Quoted
{
    public static string Prefix(string value) => Cut(value, PolicyLimits.MaxQuotedChars);

    /// <summary>A parser's own message, which may itself quote the input: longer than a value, still bounded.</summary>
    public static string Message(string message) => Cut(message, 4 * PolicyLimits.MaxQuotedChars);

    private static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}
