using ControlPlane.Ir;
using ControlPlane.Translation.Incremental;

namespace ControlPlane.Translation;

/// <summary>
/// Translates like <see cref="EnvoyTranslator"/> but remembers each piece (listener, IR route with its rules, route
/// table, cluster) per gateway and rebuilds only pieces whose IR changed, by value. The output is byte-identical to a
/// full translation, and an unchanged resource is the very same message instance as last time, so a publisher can
/// keep its serialized form. Pieces the latest translation of a gateway did not use are dropped. Thread-safe.
/// </summary>
public sealed class IncrementalEnvoyTranslator
{
    private readonly Dictionary<string, TranslationMemo> _memos = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Memoized pieces across all gateways; for tests and metrics.</summary>
    public int CachedPieceCount
    {
        get
        {
            lock (_lock)
            {
                return _memos.Values.Sum(m => m.Count);
            }
        }
    }

    /// <inheritdoc cref="EnvoyTranslator.Translate"/>
    public GatewayResources Translate(GatewayIr gateway, IReadOnlyDictionary<string, IdempotencyRuleIr> rules)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(rules);
        lock (_lock)
        {
            if (!_memos.TryGetValue(gateway.Name, out var memo))
            {
                memo = new TranslationMemo();
                _memos[gateway.Name] = memo;
            }

            return GatewayTranslator.Translate(gateway, rules, memo);
        }
    }

    /// <summary>Drops a removed gateway's memo.</summary>
    public void Forget(string gatewayName)
    {
        lock (_lock)
        {
            _memos.Remove(gatewayName);
        }
    }
}
