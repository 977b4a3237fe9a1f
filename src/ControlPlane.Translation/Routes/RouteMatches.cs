using System.Text;
using ControlPlane.Ir;
using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;

namespace ControlPlane.Translation.Routes;

internal static class RouteMatches
{
    private const string MethodPseudoHeader = ":method";

    /// <summary>
    /// Regexes carry no engine: <c>google_re2</c> is deprecated in the reference API and RE2 is the default. RE2 matches
    /// the whole path, as the IR means.
    /// </summary>
    public static RouteMatch Build(PathMatchIr path, IEnumerable<HeaderMatchIr> headers)
    {
        var match = new RouteMatch();
        switch (path.Kind)
        {
            case PathMatchKind.Exact:
                match.Path = path.Value;
                break;
            case PathMatchKind.Prefix:
                match.Prefix = path.Value;
                break;
            case PathMatchKind.Regex:
                match.SafeRegex = new RegexMatcher { Regex = path.Value };
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(path), path.Kind, "Unknown path match kind.");
        }

        foreach (var header in headers)
        {
            match.Headers.Add(Header(header));
        }

        return match;
    }

    public static HeaderMatcher Header(HeaderMatchIr header)
    {
        var matcher = new HeaderMatcher { Name = header.Name, InvertMatch = header.Invert };
        switch (header.Kind)
        {
            case HeaderMatchKind.Exact:
                matcher.StringMatch = new StringMatcher { Exact = header.Value };
                break;
            case HeaderMatchKind.Prefix:
                matcher.StringMatch = new StringMatcher { Prefix = header.Value };
                break;
            case HeaderMatchKind.Regex:
                matcher.StringMatch = new StringMatcher { SafeRegex = new RegexMatcher { Regex = header.Value } };
                break;
            case HeaderMatchKind.Present:
                matcher.PresentMatch = true;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(header), header.Kind, "Unknown header match kind.");
        }

        return matcher;
    }

    /// <summary>
    /// Matches exactly the given methods: <c>exact</c> for one, else <c>^(PATCH|POST)$</c> with the methods sorted, so
    /// the same set always yields the same bytes.
    /// </summary>
    public static HeaderMatcher Methods(IEnumerable<string> methods)
    {
        var sorted = methods.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var matcher = new HeaderMatcher { Name = MethodPseudoHeader };
        if (sorted.Length == 1)
        {
            matcher.StringMatch = new StringMatcher { Exact = sorted[0] };
            return matcher;
        }

        var regex = new StringBuilder("^(");
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i > 0)
            {
                regex.Append('|');
            }

            AppendEscaped(regex, sorted[i]);
        }

        matcher.StringMatch = new StringMatcher { SafeRegex = new RegexMatcher { Regex = regex.Append(")$").ToString() } };
        return matcher;
    }

    /// <summary>HTTP method tokens may contain punctuation such as <c>.</c> or <c>+</c>; RE2 accepts any escaped punctuation.</summary>
    private static void AppendEscaped(StringBuilder regex, string token)
    {
        foreach (var c in token)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                regex.Append('\\');
            }

            regex.Append(c);
        }
    }
}
