using ControlPlane.Enforcement.Rules;
using ControlPlane.Ir;

namespace ControlPlane.Enforcement.Keys;

/// <summary>Finds and validates the client's key where the rule says it is.</summary>
internal static class KeyExtractor
{
    public static KeyExtraction FromHeaders(CompiledRule rule, HeaderMapView headers)
    {
        var name = rule.Ir.Key.Name;
        return headers.Count(name) switch
        {
            0 => KeyExtraction.Missing($"The request has no '{name}' header."),
            1 => KeyValidator.Validate(rule, HeaderKeySyntax.Decode(headers.First(name)!)),
            _ => KeyExtraction.Invalid($"The request has more than one '{name}' header."),
        };
    }

    public static KeyExtraction FromBody(CompiledRule rule, ReadOnlyMemory<byte> body) =>
        KeyValidator.Validate(rule, BodyKeyReader.Read(body, rule.Ir.Key.Name));

    public static KeyExtraction Extract(CompiledRule rule, HeaderMapView headers, ReadOnlyMemory<byte> body) =>
        rule.Ir.Key.Location == KeyLocation.Header ? FromHeaders(rule, headers) : FromBody(rule, body);
}
