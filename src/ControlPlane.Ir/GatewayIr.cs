using System.Collections.Immutable;

namespace ControlPlane.Ir;

/// <summary>One gateway fleet. <see cref="Name"/> equals the <c>node.cluster</c> its Envoys announce.</summary>
/// <param name="Listeners">Ports the fleet listens on, in declaration order.</param>
/// <param name="RouteTables">Route tables referenced by the listeners.</param>
/// <param name="Upstreams">Backends referenced by routes.</param>
/// <param name="Enforcement">Where the ext_proc idempotency service runs; null when no policy targets this gateway.</param>
public sealed record GatewayIr(
    string Name,
    EquatableArray<ListenerIr> Listeners,
    EquatableArray<RouteTableIr> RouteTables,
    EquatableArray<UpstreamIr> Upstreams,
    EnforcementServiceIr? Enforcement);
