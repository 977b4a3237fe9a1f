using System.Collections.Immutable;
using ControlPlane.Enforcement.Rules;
using ControlPlane.Ir;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Enforcement;

/// <summary>
/// The rules the enforcement service applies, by name. The host calls <see cref="Update"/> after every successful
/// policy load; streams already open keep the rule they started with.
/// </summary>
public sealed class IdempotencyRuleRegistry
{
    private readonly ILogger<IdempotencyRuleRegistry> _logger;
    private readonly long _largestBodyThatFits;
    private readonly EnforcementMetrics? _metrics;
    private ImmutableDictionary<string, CompiledRule> _rules = ImmutableDictionary<string, CompiledRule>.Empty.WithComparers(StringComparer.Ordinal);

    public IdempotencyRuleRegistry(IOptions<EnforcementOptions> options, ILogger<IdempotencyRuleRegistry> logger, EnforcementMetrics? metrics = null)
    {
        _logger = logger;
        _metrics = metrics;
        _largestBodyThatFits = GrpcMessageLimits.LargestBodyThatFits(GrpcMessageLimits.ForLargestBody(options.Value.MaxRequestBodyBytes));
    }

    /// <summary>Number of rules currently applied.</summary>
    public int Count => Volatile.Read(ref _rules).Count;

    /// <summary>
    /// Replaces all rules at once. Every rule is compiled before anything changes: a rule that does not compile
    /// (a bad <c>allowedCharacters</c> pattern, a duplicate name) throws <see cref="ArgumentException"/> listing
    /// every problem, and the previous rules stay in force.
    /// </summary>
    public void Update(ImmutableArray<IdempotencyRuleIr> rules)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, CompiledRule>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var rule in rules)
        {
            if (builder.ContainsKey(rule.Name))
            {
                errors.Add($"rule '{rule.Name}': defined more than once");
                continue;
            }

            try
            {
                builder.Add(rule.Name, new CompiledRule(rule));
            }
            catch (ArgumentException ex)
            {
                errors.Add($"rule '{rule.Name}': allowedCharacters does not compile: {ex.Message}");
            }
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Idempotency rules rejected; the previous rules stay in force. " + string.Join("; ", errors), nameof(rules));
        }

        Volatile.Write(ref _rules, builder.ToImmutable());
        Log.RulesUpdated(_logger, builder.Count);
        foreach (var name in builder.Keys)
        {
            _metrics?.RuleLoaded(name);
        }
        foreach (var rule in rules.Where(r => r.MaxBodyBytes > _largestBodyThatFits))
        {
            Log.BodyLimitAboveGrpcLimit(_logger, rule.Name, rule.MaxBodyBytes, _largestBodyThatFits);
        }
    }

    internal bool TryGet(string name, out CompiledRule rule) => Volatile.Read(ref _rules).TryGetValue(name, out rule!);
}
