using System.Collections.Immutable;

namespace ControlPlane.Ir;

/// <summary>
/// Everything the policies compile to: one entry per gateway (an Envoy fleet keyed by <c>node.cluster</c>)
/// plus the idempotency rules the enforcement service applies. Holds neither YAML nor protobuf types, so the
/// Envoy translator and the enforcement service both read it without knowing where it came from.
/// </summary>
public sealed record FleetIr(EquatableArray<GatewayIr> Gateways, EquatableArray<IdempotencyRuleIr> Rules)
{
    public static FleetIr Empty { get; } = new([], []);
}
