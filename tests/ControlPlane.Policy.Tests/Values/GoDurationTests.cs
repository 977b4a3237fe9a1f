using ControlPlane.Ir;
using ControlPlane.Policy.Values;

namespace ControlPlane.Policy.Tests.Values;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("200ms", 200)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("24h", 86_400_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("2h45m30s", 9_930_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("0.5h", 1_800_000)]
    [InlineData("1m30.25s", 90_250)]
    [InlineData("1s500ms", 1_500)]
    [InlineData("0s", 0)]
    [InlineData("8760h", 31_536_000_000)]
    public void Parses_go_style_durations(string text, long milliseconds)
    {
        Assert.Null(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("", "empty duration")]
    [InlineData("-5s", "'-5s' has a sign; durations are positive and unsigned (e.g. 30s)")]
    [InlineData("+5s", "'+5s' has a sign; durations are positive and unsigned (e.g. 30s)")]
    [InlineData("30", "'30' is missing a unit (use h, m, s or ms, e.g. 30s)")]
    [InlineData("1d", "'1d' has unknown unit 'd' (use h, m, s or ms)")]
    [InlineData("10us", "'10us' has unknown unit 'us' (use h, m, s or ms)")]
    [InlineData("5 s", "'5 s' is not a duration (expected a number followed by h, m, s or ms, e.g. 30s or 1h30m)")]
    [InlineData("s", "'s' is not a duration (expected a number followed by h, m, s or ms, e.g. 30s or 1h30m)")]
    [InlineData("1.2.3s", "'1.2.3s' is not a duration (expected a number followed by h, m, s or ms, e.g. 30s or 1h30m)")]
    [InlineData("0.1ms", "'0.1ms' is finer than a millisecond")]
    [InlineData("8761h", "'8761h' is too long (at most 8760h)")]
    [InlineData("99999999999999999999h", "'99999999999999999999h' is too long (at most 8760h)")]
    public void Rejects_anything_else_with_a_reason(string text, string error)
    {
        Assert.Equal(error, GoDuration.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(200, "200ms")]
    [InlineData(1_500, "1.5s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(86_400_000, "24h")]
    [InlineData(90_061_001, "25h1m1.001s")]
    public void Formats_as_go_style_text_that_parses_back(long milliseconds, string text)
    {
        var duration = TimeSpan.FromMilliseconds(milliseconds);

        Assert.Equal(text, IrJson.FormatDuration(duration));
        Assert.Null(GoDuration.TryParse(text, out var parsed));
        Assert.Equal(duration, parsed);
    }

    [Theory]
    [InlineData("9999999999999999999999999999h")] // fits a decimal; times an hour in ms it did not (OverflowException)
    [InlineData("79228162514264337593543950335ms")]
    public void Numbers_that_would_overflow_are_too_long(string text)
    {
        Assert.Equal($"'{text}' is too long (at most 8760h)", GoDuration.TryParse(text, out _));
    }
}
