using System.Globalization;
using System.Text.RegularExpressions;
using ControlPlane.Re2;

namespace ControlPlane.Policy.Values;

/// <summary>
/// Regular expressions are RE2, as Envoy's <c>safe_regex</c> evaluates them: a pattern is accepted only if RE2
/// accepts it (checked by our parser of RE2's grammar, proven against a real RE2 in the tests). Patterns Envoy
/// receives must also fit Envoy's default program-size limit; <c>key.allowedCharacters</c> must translate exactly
/// to .NET, where the enforcement service matches keys.
/// </summary>
internal static class RegexRules
{
    /// <returns>null when the pattern is RE2, else why not (with the offset in the pattern).</returns>
    public static string? Check(string pattern)
    {
        if (pattern.Length == 0)
        {
            return "empty regular expression";
        }

        try
        {
            _ = Re2Parser.Parse(pattern);
            return null;
        }
        catch (Re2SyntaxException exception)
        {
            return string.Create(CultureInfo.InvariantCulture, $"invalid RE2 regular expression at offset {exception.Offset}: {exception.Reason}");
        }
    }

    /// <summary>For a valid pattern Envoy receives: null, or why Envoy would refuse it.</summary>
    public static string? CheckProgramSize(string pattern)
    {
        var size = Re2ProgramSize.Estimate(Re2Parser.Parse(pattern));
        return size <= Re2Limits.EnvoyMaxProgramSize
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"regular expression is too complex for Envoy: RE2 program size about {size}, above Envoy's default limit of {Re2Limits.EnvoyMaxProgramSize} (re2.max_program_size.error_level); simplify it, e.g. fewer repetitions or alternatives");
    }

    /// <summary>For a valid key pattern: null, or why the enforcement service could not match it exactly as RE2.</summary>
    public static string? CheckKeyPattern(string pattern)
    {
        try
        {
            _ = new Regex(Re2ToDotNet.WholeMatch(pattern), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            return null;
        }
        catch (Re2UnsupportedException exception)
        {
            return $"not supported in key.allowedCharacters: {exception.Message}";
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException)
        {
            return $"the enforcement service cannot compile this pattern: {exception.Message}";
        }
    }
}
