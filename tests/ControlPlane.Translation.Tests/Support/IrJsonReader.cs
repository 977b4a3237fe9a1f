using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using ControlPlane.Ir;

namespace ControlPlane.Translation.Tests.Support;

/// <summary>
/// Reads the JSON that <see cref="IrJson"/> (write-only) produces, so golden inputs share the policy compiler's format.
/// Computed properties it writes (<c>isIpLiteral</c>, <c>needsRequestBody</c>) are ignored on the way in.
/// </summary>
internal static class IrJsonReader
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new DurationConverter(), new EquatableArrayConverterFactory() },
    };

    public static FleetIr ReadFleet(string json) =>
        JsonSerializer.Deserialize<FleetIr>(json, Options) ?? throw new JsonException("The IR document is null.");

    private sealed class DurationConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            GoDuration.Parse(reader.GetString() ?? throw new JsonException("A duration must be a string."));

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteStringValue(IrJson.FormatDuration(value));
    }

    private sealed class EquatableArrayConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) =>
            typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(EquatableArray<>);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(EquatableArrayConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;
    }

    private sealed class EquatableArrayConverter<T> : JsonConverter<EquatableArray<T>>
    {
        public override EquatableArray<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<ImmutableArray<T>>(ref reader, options);

        public override void Write(Utf8JsonWriter writer, EquatableArray<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.AsImmutableArray(), options);
    }
}
