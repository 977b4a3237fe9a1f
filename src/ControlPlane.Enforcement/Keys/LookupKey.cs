using ControlPlane.Enforcement.Rules;

namespace ControlPlane.Enforcement.Keys;

/// <summary>
/// The store key of a request: a hash of the rule name, each scope header in rule order, and the client's key.
/// Scoping keeps one caller from ever reading another's stored response; hashing bounds the store key's size.
/// </summary>
internal static class LookupKey
{
    public static string Compute(CompiledRule rule, HeaderMapView headers, string clientKey)
    {
        using var hash = new HashWriter();
        hash.Present(rule.Name);
        foreach (var scopeHeader in rule.Ir.ScopeHeaders)
        {
            HeaderFields.Append(hash, headers, scopeHeader);
        }

        hash.Present(clientKey);
        return hash.ToHex();
    }
}
