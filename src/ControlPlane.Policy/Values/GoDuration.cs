using System.Globalization;
using ControlPlane.Policy.Diagnostics;

namespace ControlPlane.Policy.Values;

/// <summary>
/// Go/Kubernetes style durations: a sequence of decimal numbers with units <c>h</c>, <c>m</c>, <c>s</c>, <c>ms</c>
/// (<c>200ms</c>, <c>1.5s</c>, <c>1h30m</c>). No sign, no bare numbers, whole milliseconds, at most a year.
/// </summary>
internal static class GoDuration
{
    public const string Units = "h, m, s or ms";

    public static readonly TimeSpan Max = TimeSpan.FromHours(8760);

    /// <returns>null on success, else why the text is not a duration.</returns>
    public static string? TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (text.Length == 0)
        {
            return "empty duration";
        }

        if (text[0] is '-' or '+')
        {
            return $"'{Quoted.Prefix(text)}' has a sign; durations are positive and unsigned (e.g. 30s)";
        }

        decimal milliseconds = 0;
        var position = 0;
        while (position < text.Length)
        {
            var numberStart = position;
            while (position < text.Length && (char.IsAsciiDigit(text[position]) || text[position] == '.'))
            {
                position++;
            }

            if (!decimal.TryParse(text.AsSpan(numberStart, position - numberStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return $"'{Quoted.Prefix(text)}' is not a duration (expected a number followed by {Units}, e.g. 30s or 1h30m)";
            }

            var unitStart = position;
            while (position < text.Length && char.IsAsciiLetter(text[position]))
            {
                position++;
            }

            var unit = text[unitStart..position];
            decimal? scale = unit switch
            {
                "h" => 3_600_000m,
                "m" => 60_000m,
                "s" => 1_000m,
                "ms" => 1m,
                _ => null,
            };
            if (scale is null)
            {
                return unit.Length > 0 ? $"'{Quoted.Prefix(text)}' has unknown unit '{Quoted.Prefix(unit)}' (use {Units})"
                    : position == text.Length ? $"'{Quoted.Prefix(text)}' is missing a unit (use {Units}, e.g. {Quoted.Prefix(text)}s)"
                    : $"'{Quoted.Prefix(text)}' is not a duration (expected a number followed by {Units}, e.g. 30s or 1h30m)";
            }

            // Compared before multiplying: a number of 28 digits times an hour overflows decimal.
            var max = (decimal)Max.TotalMilliseconds;
            milliseconds = number > max / scale.Value ? decimal.MaxValue : milliseconds + (number * scale.Value);
            if (milliseconds > max)
            {
                return $"'{Quoted.Prefix(text)}' is too long (at most {Max.TotalHours.ToString(CultureInfo.InvariantCulture)}h)";
            }
        }

        if (milliseconds != decimal.Truncate(milliseconds))
        {
            return $"'{Quoted.Prefix(text)}' is finer than a millisecond";
        }

        value = TimeSpan.FromMilliseconds((double)milliseconds);
        return null;
    }
}
