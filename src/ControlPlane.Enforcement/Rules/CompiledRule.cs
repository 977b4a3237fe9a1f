using System.Collections.Frozen;
using System.Text.RegularExpressions;
using ControlPlane.Ir;

namespace ControlPlane.Enforcement.Rules;

/// <summary>A rule with its lookups prepared once per policy load rather than once per request.</summary>
internal sealed class CompiledRule
{
    /// <summary>Only for patterns that need the backtracking engine; the key's length is checked before matching.</summary>
    private static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromMilliseconds(250);

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
    /// The pattern must match the whole key. Non-backtracking where the pattern allows it: linear in the key's length,
    /// so no timeout is needed (a timeout would turn a slow moment of the machine into a 400); patterns that need
    /// backtracking get a match timeout so a hostile key cannot cost exponential time.
    /// </summary>
    private static Regex CompileWholeMatch(string pattern)
    {
        // Policies are written in RE2 syntax; its Python-style named group is the one construct .NET spells differently.
        var anchored = $"^(?:{pattern.Replace("(?P<", "(?<", StringComparison.Ordinal)})\\z";
        try
        {
            return new Regex(anchored, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, Regex.InfiniteMatchTimeout);
        }
        catch (NotSupportedException)
        {
            return new Regex(anchored, RegexOptions.CultureInvariant | RegexOptions.Compiled, BacktrackingTimeout);
        }
    }
}
