using System.Collections.Frozen;
using System.Text.RegularExpressions;
using ControlPlane.Ir;
using ControlPlane.Re2;

namespace ControlPlane.Enforcement.Rules;

/// <summary>A rule with its lookups prepared once per policy load rather than once per request.</summary>
internal sealed class CompiledRule
{
    private readonly FrozenSet<string> _methods;
    private readonly FrozenSet<int> _storedStatusClasses;

    public CompiledRule(IdempotencyRuleIr rule)
    {
        Ir = rule;
        _methods = rule.Methods.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _storedStatusClasses = rule.StoredStatusClasses.ToFrozenSet();
        AllowedCharacters = rule.Key.AllowedCharacters is { } pattern ? CompileWholeMatch(pattern) : null;
    }

    public IdempotencyRuleIr Ir { get; }

    public string Name => Ir.Name;

    /// <summary>Null: any visible ASCII character (VCHAR) is allowed.</summary>
    public Regex? AllowedCharacters { get; }

    public bool Covers(string method) => _methods.Contains(method);

    public bool StoresStatusClass(int status) => _storedStatusClasses.Contains(status / 100);

    /// <summary>
    /// The pattern is RE2 (as policies document it) and must match the whole key exactly as RE2 would: it is
    /// translated to an equivalent .NET pattern (ASCII \d \w \s, code points rather than UTF-16 units, RE2's case
    /// folding) and run by the non-backtracking engine, linear in the key's length like RE2, so no timeout is needed.
    /// </summary>
    /// <exception cref="ArgumentException">Not RE2, or RE2 with no exact .NET translation (the policy layer refuses both first).</exception>
    private static Regex CompileWholeMatch(string pattern)
    {
        try
        {
            return new Regex(Re2ToDotNet.WholeMatch(pattern), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, Regex.InfiniteMatchTimeout);
        }
        catch (Exception exception) when (exception is Re2SyntaxException or Re2UnsupportedException or NotSupportedException)
        {
            throw new ArgumentException(exception.Message, nameof(pattern), exception);
        }
    }
}
