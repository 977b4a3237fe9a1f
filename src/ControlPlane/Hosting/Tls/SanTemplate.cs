using System.Text;
using System.Text.RegularExpressions;

namespace ControlPlane.Hosting.Tls;

/// <summary>
/// A compiled SAN template. Wildcards and captures never cross a <c>/</c>, so <c>spiffe://*/ns/{namespace}/…</c>
/// cannot be satisfied by a longer path. Matching is ordinal and linear (the non-backtracking engine).
/// </summary>
internal sealed record SanTemplate(string Text, Regex Pattern, bool CapturesGateway)
{
    public const string GatewayCapture = "gateway";

    private static readonly Regex Placeholder = new(@"\{([A-Za-z][A-Za-z0-9_]*)\}|\*", RegexOptions.CultureInvariant);

    /// <exception cref="FormatException">The template is empty, repeats a capture or has a stray brace.</exception>
    public static SanTemplate Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("must not be empty");
        }

        var pattern = new StringBuilder("^");
        var captures = new HashSet<string>(StringComparer.Ordinal);
        var at = 0;
        foreach (Match m in Placeholder.Matches(text))
        {
            pattern.Append(Literal(text[at..m.Index]));
            if (m.Value == "*")
            {
                pattern.Append("[^/]*");
            }
            else if (!captures.Add(m.Groups[1].Value))
            {
                throw new FormatException($"repeats the capture {m.Value}");
            }
            else
            {
                pattern.Append("(?<").Append(m.Groups[1].Value).Append(">[^/]+)");
            }

            at = m.Index + m.Length;
        }

        pattern.Append(Literal(text[at..])).Append('$');
        var regex = new Regex(pattern.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture);
        return new SanTemplate(text, regex, captures.Contains(GatewayCapture));
    }

    /// <summary>Whether <paramref name="san"/> matches; <paramref name="gateway"/> is the <c>{gateway}</c> capture, if any.</summary>
    public bool Matches(string san, out string? gateway)
    {
        var match = Pattern.Match(san);
        gateway = match.Success && CapturesGateway ? match.Groups[GatewayCapture].Value : null;
        return match.Success;
    }

    private static string Literal(string text) =>
        text.Contains('{', StringComparison.Ordinal) || text.Contains('}', StringComparison.Ordinal)
            ? throw new FormatException("has a brace that is not a {name} capture")
            : Regex.Escape(text);
}
