using System.Text.RegularExpressions;

namespace ControlPlane.Policy.Yaml;

/// <summary>Resolves plain scalars as the YAML 1.2 core schema does, so the loader and JSON tools agree on types.</summary>
internal static partial class CoreSchema
{
    public static ScalarType Resolve(string text) => text switch
    {
        "" or "~" or "null" or "Null" or "NULL" => ScalarType.Null,
        "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => ScalarType.Boolean,
        _ when IntegerPattern().IsMatch(text) => ScalarType.Integer,
        _ when FloatPattern().IsMatch(text) => ScalarType.Float,
        _ => ScalarType.String,
    };

    public static bool TryParseInteger(string text, out long value)
    {
        var styles = System.Globalization.NumberStyles.AllowLeadingSign;
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            return long.TryParse(text.AsSpan(2), System.Globalization.NumberStyles.AllowHexSpecifier, culture, out value);
        }

        if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            value = 0;
            foreach (var digit in text.AsSpan(2))
            {
                if (value > long.MaxValue / 8)
                {
                    return false;
                }

                value = (value * 8) + (digit - '0');
            }

            return true;
        }

        return long.TryParse(text, styles, culture, out value);
    }

    public static bool ParseBoolean(string text) => text is "true" or "True" or "TRUE";

    [GeneratedRegex("^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex FloatPattern();
}
