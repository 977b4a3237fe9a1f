using ControlPlane.Ir;

namespace ControlPlane.Translation;

/// <summary>IR to Envoy v3 resources, from scratch. Same input, same bytes.</summary>
public static class EnvoyTranslator
{
    /// <param name="rules">The fleet's idempotency rules by name; the routes' bindings resolve against it.</param>
    /// <exception cref="TranslationException">The gateway repeats a name or references something undefined.</exception>
    public static GatewayResources Translate(GatewayIr gateway, IReadOnlyDictionary<string, IdempotencyRuleIr> rules)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(rules);
        return GatewayTranslator.Translate(gateway, rules, memo: null);
    }

    /// <summary>The fleet's rules keyed by name, as <see cref="Translate"/> wants them.</summary>
    public static IReadOnlyDictionary<string, IdempotencyRuleIr> RulesByName(FleetIr fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        return fleet.Rules.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }
}
