using System.Collections.Concurrent;
using ControlPlane.Ir;
using ControlPlane.Translation;
using ControlPlane.Xds.Cache;
using Google.Protobuf;

namespace ControlPlane.Pipeline;

/// <summary>
/// IR -> Envoy resources -> snapshot, per gateway. The incremental translator hands back the very same message for an
/// unchanged piece, so its serialized form is reused: an edit serializes only what it touched.
/// </summary>
internal sealed class GatewaySnapshotBuilder
{
    private readonly IncrementalEnvoyTranslator _translator = new();
    private readonly ConcurrentDictionary<string, Dictionary<IMessage, XdsResource>> _serialized = new(StringComparer.Ordinal);

    public XdsSnapshot Build(GatewayIr gateway, IReadOnlyDictionary<string, IdempotencyRuleIr> rules)
    {
        var previous = _serialized.GetValueOrDefault(gateway.Name) ?? new Dictionary<IMessage, XdsResource>(ReferenceEqualityComparer.Instance);
        var serialized = new Dictionary<IMessage, XdsResource>(ReferenceEqualityComparer.Instance);
        var built = new List<XdsResource>();
        foreach (var resource in _translator.Translate(gateway, rules).All)
        {
            var xds = previous.TryGetValue(resource.Message, out var known) && known.Name == resource.Name
                ? known
                : XdsResource.Create(resource.Name, resource.Message);
            serialized[resource.Message] = xds;
            built.Add(xds);
        }

        _serialized[gateway.Name] = serialized;
        return XdsSnapshot.Create(built);
    }

    /// <summary>Forgets gateways no longer declared.</summary>
    public void Retain(IReadOnlySet<string> gateways)
    {
        foreach (var name in _serialized.Keys.Where(n => !gateways.Contains(n)))
        {
            _serialized.TryRemove(name, out _);
            _translator.Forget(name);
        }
    }
}
