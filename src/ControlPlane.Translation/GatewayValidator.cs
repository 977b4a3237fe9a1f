using System.Collections.Immutable;
using ControlPlane.Ir;

namespace ControlPlane.Translation;

/// <summary>
/// Checks what translation relies on: unique names (they become Envoy names and memo keys) and resolvable references.
/// Reports every problem, so one run shows them all.
/// </summary>
internal static class GatewayValidator
{
    public static ImmutableArray<string> Validate(GatewayIr gateway, IReadOnlyDictionary<string, IdempotencyRuleIr> rules)
    {
        var errors = ImmutableArray.CreateBuilder<string>();
        var upstreams = UniqueNames(gateway.Upstreams, u => u.Name, "upstream", errors);
        var tables = UniqueNames(gateway.RouteTables, t => t.Name, "route table", errors);
        UniqueNames(gateway.Listeners, l => l.Name, "listener", errors);
        UniqueNames(gateway.RouteTables.SelectMany(t => t.Routes), r => r.Name, "route", errors);

        foreach (var listener in gateway.Listeners)
        {
            if (!tables.Contains(listener.RouteTableName))
            {
                errors.Add($"listener '{listener.Name}' serves unknown route table '{listener.RouteTableName}'");
            }
        }

        foreach (var upstream in gateway.Upstreams.Where(u => u.Endpoints.IsEmpty))
        {
            errors.Add($"upstream '{upstream.Name}' has no endpoints");
        }

        if (gateway.Enforcement is { Endpoints.IsEmpty: true })
        {
            errors.Add("the enforcement service has no endpoints");
        }

        foreach (var route in gateway.RouteTables.SelectMany(t => t.Routes))
        {
            ValidateRoute(route, gateway, upstreams, rules, errors);
        }

        return errors.ToImmutable();
    }

    private static void ValidateRoute(
        RouteIr route,
        GatewayIr gateway,
        HashSet<string> upstreams,
        IReadOnlyDictionary<string, IdempotencyRuleIr> rules,
        ImmutableArray<string>.Builder errors)
    {
        if (route.Hosts.IsEmpty)
        {
            errors.Add($"route '{route.Name}' has no hosts");
        }

        if (!upstreams.Contains(route.UpstreamName))
        {
            errors.Add($"route '{route.Name}' sends to unknown upstream '{route.UpstreamName}'");
        }

        if (!route.Idempotency.IsEmpty && gateway.Enforcement is null)
        {
            errors.Add($"route '{route.Name}' has idempotency rules but the gateway has no enforcement service");
        }

        // Most routes have no binding; a set is worth allocating only when two bindings could overlap.
        var boundMethods = route.Idempotency.Length > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        foreach (var binding in route.Idempotency)
        {
            if (!rules.ContainsKey(binding.RuleName))
            {
                errors.Add($"route '{route.Name}' binds unknown idempotency rule '{binding.RuleName}'");
            }

            if (binding.Methods.IsEmpty)
            {
                errors.Add($"route '{route.Name}' binds rule '{binding.RuleName}' to no method");
            }

            foreach (var method in binding.Methods)
            {
                if (boundMethods?.Add(method) == false)
                {
                    errors.Add($"route '{route.Name}' binds method {method} to more than one rule");
                }
            }
        }
    }

    private static HashSet<string> UniqueNames<T>(IEnumerable<T> items, Func<T, string> name, string kind, ImmutableArray<string>.Builder errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!names.Add(name(item)))
            {
                errors.Add($"{kind} name '{name(item)}' is used twice");
            }
        }

        return names;
    }
}
