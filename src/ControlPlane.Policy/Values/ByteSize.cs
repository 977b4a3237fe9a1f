using System.Globalization;
using ControlPlane.Policy.Diagnostics;

namespace ControlPlane.Policy.Values;

/// <summary>
/// Sizes in bytes: a YAML integer (<c>1048576</c>) or a string with a binary suffix <c>Ki</c>, <c>Mi</c>, <c>Gi</c>
/// (<c>512Ki</c>, <c>1Mi</c>). Decimal suffixes (<c>MB</c>, <c>k</c>) are rejected as ambiguous. Range: 1 to 2^32-1,
/// the range of Envoy's buffer limits.
/// </summary>
internal static class ByteSize
{
    public const long Max = uint.MaxValue;

    /// <returns>null on success, else why the text is not a size.</returns>
    public static string? TryParse(string text, out long value)
    {
        value = 0;
        var digits = text.TrimEnd("KMGi".ToCharArray());
        var suffix = text[digits.Length..];
        long? multiplier = suffix switch
        {
            "" => 1,
            "Ki" => 1L << 10,
            "Mi" => 1L << 20,
            "Gi" => 1L << 30,
            _ => null,
        };
        var isNumber = digits.Length > 0 && digits.All(char.IsAsciiDigit);
        if (multiplier is null || !isNumber)
        {
            return $"'{Quoted.Prefix(text)}' is not a size (use a number of bytes or a binary suffix Ki, Mi, Gi, e.g. 512Ki or 1Mi)";
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > Max / multiplier.Value)
        {
            return $"'{Quoted.Prefix(text)}' is too large (at most {Max} bytes)";
        }

        return Check(number * multiplier.Value, text, out value);
    }

    public static string? Check(long bytes, string text, out long value)
    {
        value = bytes;
        return bytes switch
        {
            < 1 => $"'{Quoted.Prefix(text)}' must be at least 1 byte",
            > Max => $"'{Quoted.Prefix(text)}' is too large (at most {Max} bytes)",
            _ => null,
        };
    }
}
