using ControlPlane.Policy.Diagnostics;
using ControlPlane.Policy.Shapes;
using ControlPlane.Policy.Values;
using ControlPlane.Policy.Yaml;

namespace ControlPlane.Policy.Reading;

/// <summary>
/// Converts one scalar to the value its <see cref="ValueKind"/> calls for, normalised (header names lower case,
/// methods upper case, addresses parsed). Reports and returns null when the scalar does not fit.
/// </summary>
internal static class ScalarConverter
{
    public static string Expected(FieldShape field) => field.Kind switch
    {
        ValueKind.String => "a string",
        ValueKind.Integer => "an integer",
        ValueKind.Boolean => "true or false",
        ValueKind.Enum => "one of: " + string.Join(", ", field.Values),
        ValueKind.Object => "a mapping",
        ValueKind.StringMap => "a mapping of strings",
        ValueKind.Name => "a name",
        ValueKind.HeaderName => "a header name",
        ValueKind.HostPort => "an address as host:port",
        ValueKind.IpAddress => "an IP address",
        ValueKind.Duration => "a duration such as 30s",
        ValueKind.ByteSize => "a size such as 1048576 or 1Mi",
        ValueKind.Regex => "a regular expression",
        ValueKind.Path => "a path starting with '/'",
        ValueKind.HostPattern => "a host name",
        ValueKind.FieldPath => "a JSON field path",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field.Kind, null),
    };

    public static object? Convert(FieldShape field, PolicyNode node, SourceRef at, DiagnosticBag diagnostics)
    {
        if (node is not ScalarNode scalar || !Accepts(field.Kind, scalar.Type))
        {
            diagnostics.Report(at, $"expected {Expected(field)}, got {node.Describe()}{TypeHint(field, node)}");
            return null;
        }

        var (value, error) = Parse(field, scalar);
        if (error is not null)
        {
            diagnostics.Report(at, error);

            // A malformed name is still the name the author meant: keep it so references to it do not cascade.
            return field.Kind == ValueKind.Name ? value : null;
        }

        return value;
    }

    /// <summary>Converts a default from <see cref="FieldShape.Default"/>; defaults are valid by construction.</summary>
    public static object? ConvertDefault(FieldShape field, object value)
    {
        if (value is not string text)
        {
            return value;
        }

        var (converted, error) = Parse(field, new ScalarNode(default, text, ScalarType.String));
        return error is null ? converted : throw new InvalidOperationException($"Default of {field.Name} is invalid: {error}");
    }

    private static bool Accepts(ValueKind kind, ScalarType type) => kind switch
    {
        ValueKind.Integer => type == ScalarType.Integer,
        ValueKind.Boolean => type == ScalarType.Boolean,
        ValueKind.ByteSize => type is ScalarType.Integer or ScalarType.String,
        _ => type == ScalarType.String,
    };

    private static string TypeHint(FieldShape field, PolicyNode node)
    {
        if (node is not ScalarNode { Type: not ScalarType.Null } scalar)
        {
            return "";
        }

        var expectsString = field.Kind is not (ValueKind.Integer or ValueKind.Boolean or ValueKind.ByteSize);
        return field.Kind switch
        {
            ValueKind.Duration when scalar.Type is ScalarType.Integer or ScalarType.Float => $" (durations need a unit: {GoDuration.Units})",
            ValueKind.Integer when CoreSchema.Resolve(scalar.Text) == ScalarType.Integer => " (remove the quotes)",
            ValueKind.Boolean when CoreSchema.Resolve(scalar.Text) == ScalarType.Boolean => " (remove the quotes)",
            ValueKind.Boolean when scalar.Text.ToLowerInvariant() is "yes" or "no" or "on" or "off" or "y" or "n" => " (YAML 1.2 booleans are true and false)",
            _ when expectsString && scalar.Type != ScalarType.String && Parse(field, scalar with { Type = ScalarType.String }).Error is null =>
                " (quote it to make it a string)",
            _ => "",
        };
    }

    private static (object? Value, string? Error) Parse(FieldShape field, ScalarNode scalar)
    {
        var text = scalar.Text;
        switch (field.Kind)
        {
            case ValueKind.String:
                return (text, null);
            case ValueKind.Integer:
                return ParseInteger(field, text);
            case ValueKind.Boolean:
                return (CoreSchema.ParseBoolean(text), null);
            case ValueKind.Enum:
                return ParseEnum(field, text);
            case ValueKind.Name:
                return (text, ValueSyntax.Name().IsMatch(text) ? null
                    : $"invalid name '{Quoted.Prefix(text)}': use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (at most 253 characters)");
            case ValueKind.HeaderName:
                return (text.ToLowerInvariant(), ValueSyntax.HeaderName().IsMatch(text) ? null : $"invalid header name '{Quoted.Prefix(text)}'");
            case ValueKind.HostPort:
                return (HostPort.TryParse(text, out var endpoint) is { } hostPortError ? (null, hostPortError) : (endpoint, null));
            case ValueKind.IpAddress:
                return HostPort.TryParseIp(text, out var ip) is { } ipError ? (null, ipError) : (ip, null);
            case ValueKind.Duration:
                return ParseDuration(text);
            case ValueKind.ByteSize:
                var sizeError = scalar.Type == ScalarType.Integer
                    ? (CoreSchema.TryParseInteger(text, out var bytes) ? ByteSize.Check(bytes, text, out bytes) : $"'{Quoted.Prefix(text)}' is too large")
                    : ByteSize.TryParse(text, out bytes);
                return sizeError is null ? (bytes, null) : (null, sizeError);
            case ValueKind.Regex:
                return (text, RegexRules.Check(text));
            case ValueKind.Path:
                return (text, ValueSyntax.Path().IsMatch(text) ? null : $"invalid path '{Quoted.Prefix(text)}': it must start with '/' and contain no query, fragment or spaces");
            case ValueKind.HostPattern:
                return (text.ToLowerInvariant(), text.Length <= 253 && ValueSyntax.HostPattern().IsMatch(text) ? null
                    : $"invalid host '{Quoted.Prefix(text)}': use '*', a host name, or '*.' followed by a host name (no port)");
            case ValueKind.FieldPath:
                return (text, ValueSyntax.FieldPath().IsMatch(text) ? null
                    : $"invalid field path '{Quoted.Prefix(text)}': use field names of letters, digits, '_' and '-', separated by '.'");
            default:
                throw new InvalidOperationException($"{field.Kind} is not a scalar kind.");
        }
    }

    private static (object? Value, string? Error) ParseInteger(FieldShape field, string text)
    {
        if (!CoreSchema.TryParseInteger(text, out var number) || number < field.Minimum || number > field.Maximum)
        {
            return (null, (field.Minimum, field.Maximum) switch
            {
                ({ } min, { } max) => $"{text} is out of range ({min} to {max})",
                _ => $"{text} is out of range",
            });
        }

        return (number, null);
    }

    private static (object? Value, string? Error) ParseEnum(FieldShape field, string text)
    {
        var comparison = field.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var match = field.Values.FirstOrDefault(v => string.Equals(v, text, comparison));
        return match is not null
            ? (match, null)
            : (null, $"unknown value '{Quoted.Prefix(text)}'; expected one of: {string.Join(", ", field.Values)}{NameSuggester.Hint(text, field.Values)}");
    }

    private static (object? Value, string? Error) ParseDuration(string text)
    {
        if (GoDuration.TryParse(text, out var duration) is { } error)
        {
            return (null, error);
        }

        return duration > TimeSpan.Zero ? (duration, null) : (null, $"'{Quoted.Prefix(text)}' must be greater than zero");
    }
}
