using ControlPlane.Ir;
using ControlPlane.Policy.Diagnostics;
using ControlPlane.Policy.Model;
using ControlPlane.Policy.Reading;

namespace ControlPlane.Policy.Validation;

/// <summary>
/// Checks across documents: unique gateway and policy names, policy targets, one policy per route and method, and
/// limits that only make sense together (body size against listener buffers, waits against ext_proc timeouts, leases
/// against route timeouts). Value checks run only on documents without their own errors, to avoid echoes.
/// </summary>
internal static class FleetValidator
{
    /// <summary>Envoy's per-connection buffer limit when a listener sets none.</summary>
    public const long EnvoyDefaultBufferLimitBytes = 1 << 20;

    /// <summary>Envoy's route timeout when a route sets none.</summary>
    public static readonly TimeSpan EnvoyDefaultRouteTimeout = TimeSpan.FromSeconds(15);

    public static void Validate(PolicySet set, DiagnosticBag diagnostics)
    {
        DuplicateNames.Report(set.Gateways, g => g.Name, g => g.At, "gateway", diagnostics);
        DuplicateNames.Report(set.Policies, p => p.Name, p => p.At, "policy", diagnostics);
        foreach (var gateway in set.Gateways)
        {
            GatewayValidator.Validate(gateway, diagnostics);
        }

        var gateways = set.Gateways
            .Where(g => g.Name.Length > 0)
            .OrderBy(g => g.At, SourceOrder.Instance)
            .DistinctBy(g => g.Name)
            .ToDictionary(g => g.Name, StringComparer.Ordinal);
        var bindings = new Dictionary<(string Gateway, string Route, string Method), Located<string>>();
        foreach (var policy in set.Policies.OrderBy(p => p.At, SourceOrder.Instance).Where(p => p.Gateway.Length > 0))
        {
            if (!gateways.TryGetValue(policy.Gateway, out var gateway))
            {
                diagnostics.Report(policy.GatewayAt, $"gateway '{Quoted.Prefix(policy.Gateway)}' is not defined{NameSuggester.Hint(policy.Gateway, gateways.Keys)}");
                continue;
            }

            foreach (var route in ResolveRoutes(policy, gateway, diagnostics))
            {
                Bind(policy, gateway, route, bindings, diagnostics);
                if (policy.Clean && gateway.Clean)
                {
                    CheckLease(policy, route, diagnostics);
                }
            }

            if (policy.Clean && gateway.Clean)
            {
                CheckBodyLimit(policy, gateway, diagnostics);
                CheckMaxWait(policy, gateway, diagnostics);
            }
        }
    }

    private static IEnumerable<RouteModel> ResolveRoutes(PolicyModel policy, GatewayModel gateway, DiagnosticBag diagnostics)
    {
        var routes = gateway.Routes.Where(r => r.Name.Length > 0).DistinctBy(r => r.Name).ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var reference in policy.Routes)
        {
            if (routes.TryGetValue(reference.Value, out var route))
            {
                yield return route;
            }
            else
            {
                diagnostics.Report(
                    reference.At,
                    $"route '{Quoted.Prefix(reference.Value)}' is not defined in gateway '{Quoted.Prefix(gateway.Name)}'{NameSuggester.Hint(reference.Value, routes.Keys)}");
            }
        }
    }

    private static void Bind(
        PolicyModel policy,
        GatewayModel gateway,
        RouteModel route,
        Dictionary<(string Gateway, string Route, string Method), Located<string>> bindings,
        DiagnosticBag diagnostics)
    {
        var at = policy.Routes.First(r => r.Value == route.Name).At;
        var conflicts = new List<(string Method, Located<string> Owner)>();
        foreach (var method in policy.Methods)
        {
            var key = (gateway.Name, route.Name, method);
            if (bindings.TryGetValue(key, out var owner))
            {
                conflicts.Add((method, owner));
            }
            else
            {
                bindings[key] = new Located<string>(policy.Name, at);
            }
        }

        foreach (var byOwner in conflicts.GroupBy(c => c.Owner))
        {
            var methods = string.Join(", ", byOwner.Select(c => c.Method));
            diagnostics.Report(at, $"route '{Quoted.Prefix(route.Name)}' already has policy '{Quoted.Prefix(byOwner.Key.Value)}' for {methods} ({byOwner.Key.At.Location}); one policy per route and method");
        }
    }

    private static void CheckBodyLimit(PolicyModel policy, GatewayModel gateway, DiagnosticBag diagnostics)
    {
        if (!policy.NeedsRequestBody)
        {
            return;
        }

        var tooSmall = gateway.Listeners.FirstOrDefault(l => policy.MaxBodyBytes > (l.BufferLimitBytes ?? EnvoyDefaultBufferLimitBytes));
        if (tooSmall is not null)
        {
            var limit = tooSmall.BufferLimitBytes is { } set ? $"{set} bytes" : $"{EnvoyDefaultBufferLimitBytes} bytes, Envoy's default";
            diagnostics.Report(
                policy.MaxBodyBytesAt,
                $"maxBodyBytes ({policy.MaxBodyBytes}) exceeds the buffer limit of listener '{Quoted.Prefix(tooSmall.Name)}' ({limit}): Envoy would answer 413 first; " +
                "lower maxBodyBytes or raise perConnectionBufferLimitBytes");
        }
    }

    private static void CheckMaxWait(PolicyModel policy, GatewayModel gateway, DiagnosticBag diagnostics)
    {
        var maxMessageTimeout = gateway.Enforcement.MaxMessageTimeout;
        if (policy.InFlight.Mode == InFlightMode.Wait && policy.InFlight.MaxWait >= maxMessageTimeout)
        {
            diagnostics.Report(
                policy.MaxWaitAt,
                $"maxWait ({IrJson.FormatDuration(policy.InFlight.MaxWait)}) must be shorter than enforcement.maxMessageTimeout of gateway '{Quoted.Prefix(gateway.Name)}' " +
                $"({IrJson.FormatDuration(maxMessageTimeout)}): Envoy stops waiting for the service first");
        }
    }

    private static void CheckLease(PolicyModel policy, RouteModel route, DiagnosticBag diagnostics)
    {
        var timeout = route.Timeout ?? EnvoyDefaultRouteTimeout;
        if (policy.Lease <= timeout)
        {
            var source = route.Timeout is null ? ", Envoy's default" : "";
            diagnostics.Report(
                policy.LeaseAt,
                $"lease ({IrJson.FormatDuration(policy.Lease)}) must be longer than the timeout of route '{Quoted.Prefix(route.Name)}' ({IrJson.FormatDuration(timeout)}{source}): " +
                "the claim could expire while the first request is still running");
        }
    }
}
