using ControlPlane.Ir;
using ControlPlane.Policy.Model;

namespace ControlPlane.Policy.Compilation;

/// <summary>
/// Turns a validated <see cref="PolicySet"/> into IR. Gateways and rules are sorted by name and routes keep their
/// declared order, so equal input gives equal output whatever order the files were read in.
/// </summary>
internal static class FleetCompiler
{
    public static FleetIr Compile(PolicySet set)
    {
        if (set.Gateways.IsEmpty && set.Policies.IsEmpty)
        {
            return FleetIr.Empty;
        }

        var policiesByGateway = set.Policies.ToLookup(p => p.Gateway, StringComparer.Ordinal);
        return new FleetIr(
            [.. set.Gateways.OrderBy(g => g.Name, StringComparer.Ordinal).Select(g => CompileGateway(g, [.. policiesByGateway[g.Name]]))],
            [.. set.Policies.OrderBy(p => p.Name, StringComparer.Ordinal).Select(CompileRule)]);
    }

    private static GatewayIr CompileGateway(GatewayModel gateway, IReadOnlyList<PolicyModel> policies)
    {
        // One route table per gateway, named after it; every listener serves it.
        var routeTable = gateway.Name;
        return new GatewayIr(
            gateway.Name,
            [.. gateway.Listeners.Select(l => new ListenerIr(l.Name, l.Address, l.Port, l.BufferLimitBytes, gateway.RequestId, routeTable))],
            [new RouteTableIr(routeTable, [.. gateway.Routes.Select(r => CompileRoute(r, policies))])],
            [.. gateway.Upstreams.Select(u => new UpstreamIr(u.Name, u.Endpoints, u.ConnectTimeout, u.Http2))],
            policies.Count > 0 ? gateway.Enforcement : null);
    }

    private static RouteIr CompileRoute(RouteModel route, IReadOnlyList<PolicyModel> policies) => new(
        route.Name,
        route.Hosts,
        route.Path,
        route.Headers,
        route.Upstream,
        route.Timeout,
        [
            .. policies
                .Where(p => p.Routes.Any(r => r.Value == route.Name))
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => new IdempotencyBindingIr(p.Name, p.Methods)),
        ]);

    private static IdempotencyRuleIr CompileRule(PolicyModel policy) => new(
        policy.Name,
        policy.Methods,
        policy.Key,
        policy.ScopeHeaders,
        policy.Ttl,
        policy.Fingerprint,
        policy.InFlight,
        policy.Lease,
        policy.StoredStatusClasses,
        policy.MaxBodyBytes,
        policy.FailureMode,
        policy.ReplayHeader);
}
