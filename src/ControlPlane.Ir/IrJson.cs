using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ControlPlane.Ir;

/// <summary>
/// A stable JSON rendering of the IR for golden tests and for showing operators what the policies compiled to:
/// camelCase names in declaration order, enums as camelCase strings, durations as Go-style strings ("24h", "200ms").
/// </summary>
public static class IrJson
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static string Serialize(FleetIr fleet) => JsonSerializer.Serialize(fleet, Options) + "\n";

    /// <summary>Go-style duration text: <c>200ms</c>, <c>1.5s</c>, <c>1h30m</c>, <c>24h</c>.</summary>
    public static string FormatDuration(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            return "-" + FormatDuration(value.Negate());
        }

        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        if (value < TimeSpan.FromSeconds(1))
        {
            return value.TotalMilliseconds.ToString("0.######", CultureInfo.InvariantCulture) + "ms";
        }

        var text = new StringBuilder();
        var hours = (long)value.TotalHours;
        if (hours > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{hours}h");
        }

        if (value.Minutes > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{value.Minutes}m");
        }

        var seconds = value - TimeSpan.FromMinutes(Math.Floor(value.TotalMinutes));
        if (seconds > TimeSpan.Zero)
        {
            text.Append(seconds.TotalSeconds.ToString("0.#########", CultureInfo.InvariantCulture)).Append('s');
        }

        return text.ToString();
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep regexes readable: '+' instead of \u002B
            NewLine = "\n",
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new DurationConverter() },
        };
        options.MakeReadOnly();
        return options;
    }

    private sealed class DurationConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("IR JSON is write-only.");

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteStringValue(FormatDuration(value));
    }
}
