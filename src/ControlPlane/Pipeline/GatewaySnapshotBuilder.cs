using System.Collections.Concurrent;
using ControlPlane.Ir;
using ControlPlane.Translation;
using ControlPlane.Xds.Cache;
using Google.Protobuf;

namespace ControlPlane.Pipeline;

/// <summary>
/// IR -> Envoy resources -> snapshot, per gateway. Keeps one incremental translator per gateway and reuses the
/// serialized form of every message the translator handed back unchanged, so an edit serializes only what it touched.
/// </summary>
internal sealed class GatewaySnapshotBuilder
{
    private readonly ConcurrentDictionary<string, GatewayState> _gateways = new(StringComparer.Ordinal);

    public XdsSnapshot Build(GatewayIr gateway, EquatableArray<IdempotencyRuleIr> rules)
    {
        var state = _gateways.GetOrAdd(gateway.Name, _ => new GatewayState());
        lock (state)
        {
            var resources = state.Translator.Translate(gateway, rules.ToDictionary(r => r.Name, StringComparer.Ordinal));
            var serialized = new Dictionary<IMessage, XdsResource>(ReferenceEqualityComparer.Instance);
            var built = new List<XdsResource>();
            foreach (var resource in resources.All)
            {
                var xds = state.Serialized.TryGetValue(resource.Message, out var previous) && previous.Name == resource.Name
                    ? previous
                    : XdsResource.Create(resource.Name, resource.Message);
                serialized[resource.Message] = xds;
                built.Add(xds);
            }

            state.Serialized = serialized;
            return XdsSnapshot.Create(built);
        }
    }

    /// <summary>Forgets gateways no longer declared.</summary>
    public void Retain(IReadOnlySet<string> gateways)
    {
        foreach (var name in _gateways.Keys.Where(n => !gateways.Contains(n)))
        {
            _gateways.TryRemove(name, out _);
        }
    }

    private sealed class GatewayState
    {
        public IncrementalEnvoyTranslator Translator { get; } = new();

        public Dictionary<IMessage, XdsResource> Serialized { get; set; } = new(ReferenceEqualityComparer.Instance);
    }
}
