using System.Globalization;
using System.Text.RegularExpressions;

namespace ControlPlane.Translation.Tests.Support;

/// <summary>Parses the Go-style durations <see cref="Ir.IrJson"/> writes: <c>200ms</c>, <c>1.5s</c>, <c>1h30m</c>.</summary>
internal static partial class GoDuration
{
    public static TimeSpan Parse(string text)
    {
        var negative = text.StartsWith('-');
        var body = negative ? text[1..] : text;
        if (body == "0" || body == "0s")
        {
            return TimeSpan.Zero;
        }

        var parts = Part().Matches(body);
        if (parts.Count == 0 || parts.Sum(p => p.Length) != body.Length)
        {
            throw new FormatException($"'{text}' is not a duration such as 200ms, 1.5s or 1h30m.");
        }

        var ticks = 0m;
        foreach (Match part in parts)
        {
            var value = decimal.Parse(part.Groups["value"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            ticks += value * part.Groups["unit"].Value switch
            {
                "h" => TimeSpan.TicksPerHour,
                "m" => TimeSpan.TicksPerMinute,
                "s" => TimeSpan.TicksPerSecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "us" or "µs" => TimeSpan.TicksPerMicrosecond,
                _ => 0.01m, // ns: a tick is 100 ns
            };
        }

        var result = TimeSpan.FromTicks((long)ticks);
        return negative ? result.Negate() : result;
    }

    [GeneratedRegex(@"(?<value>\d+(\.\d+)?)(?<unit>ms|us|µs|ns|h|m|s)")]
    private static partial Regex Part();
}
