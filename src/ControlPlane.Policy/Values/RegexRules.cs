using System.Text.RegularExpressions;

namespace ControlPlane.Policy.Values;

/// <summary>
/// Regular expressions must compile in .NET (the enforcement service) and use only what RE2 (Envoy's
/// <c>safe_regex</c>) supports. .NET accepts more than RE2, so the common extras are rejected here:
/// lookarounds, backreferences, atomic groups, conditionals, possessive quantifiers, <c>\G</c>, <c>\Z</c> and the inline
/// options n and x.
/// </summary>
internal static class RegexRules
{
    /// <returns>null when the pattern is acceptable, else why not.</returns>
    public static string? Check(string pattern)
    {
        if (pattern.Length == 0)
        {
            return "empty regular expression";
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (RegexParseException exception)
        {
            return $"invalid regular expression at offset {exception.Offset}: {Reason(exception)}";
        }

        return FindUnsupported(pattern) is { } construct
            ? $"regular expression uses {construct}, which Envoy's RE2 engine does not support"
            : null;
    }

    private static string Reason(RegexParseException exception)
    {
        // "Invalid pattern '…' at offset N. Reason." — keep the reason only; the pattern is already in the file.
        var message = exception.Message;
        var marker = $"at offset {exception.Offset}. ";
        var index = message.IndexOf(marker, StringComparison.Ordinal);
        return index >= 0 ? message[(index + marker.Length)..].TrimEnd('.') : message;
    }

    private static string? FindUnsupported(string pattern)
    {
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var next = i + 1 < pattern.Length ? pattern[i + 1] : '\0';
            if (c == '\\')
            {
                if (!inClass && UnsupportedEscape(next, i + 2 < pattern.Length ? pattern[i + 2] : '\0') is { } escape)
                {
                    return escape;
                }

                i++;
            }
            else if (inClass)
            {
                inClass = c != ']';
            }
            else if (c == '[')
            {
                inClass = true;

                // A ']' right after '[' or '[^' is a literal, not the end of the class.
                if (next == '^')
                {
                    i++;
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    i++;
                }
            }
            else if (c == '(' && next == '?' && UnsupportedGroup(pattern.AsSpan(i + 2)) is { } group)
            {
                return group;
            }
            else if (c is '*' or '+' or '?' or '}' && next == '+')
            {
                return "a possessive quantifier";
            }
        }

        return null;
    }

    private static string? UnsupportedEscape(char escaped, char following) => escaped switch
    {
        >= '1' and <= '9' => "a backreference",
        'k' when following is '<' or '\'' or '{' => "a backreference",
        'G' => "\\G",
        'Z' => "\\Z (use \\z)",
        _ => null,
    };

    private static string? UnsupportedGroup(ReadOnlySpan<char> afterQuestionMark)
    {
        if (afterQuestionMark.StartsWith("=") || afterQuestionMark.StartsWith("!") ||
            afterQuestionMark.StartsWith("<=") || afterQuestionMark.StartsWith("<!"))
        {
            return "a lookaround";
        }

        if (afterQuestionMark.StartsWith(">"))
        {
            return "an atomic group";
        }

        if (afterQuestionMark.StartsWith("("))
        {
            return "a conditional";
        }

        // Inline options such as (?i) or (?im-s:…): RE2 knows i, m, s and U.
        foreach (var option in afterQuestionMark)
        {
            if (option is ':' or ')')
            {
                break;
            }

            if (option is 'n' or 'x')
            {
                return $"the inline option '{option}'";
            }

            if (!char.IsAsciiLetter(option) && option != '-')
            {
                break;
            }
        }

        return null;
    }
}
