using System.Collections.Immutable;
using ControlPlane.Ir;
using ControlPlane.Translation.Clusters;
using ControlPlane.Translation.Common;
using ControlPlane.Translation.Incremental;
using ControlPlane.Translation.Listeners;
using ControlPlane.Translation.Routes;

namespace ControlPlane.Translation;

/// <summary>
/// The one translation pipeline. Without a memo every piece is built; with one, unchanged pieces are reused. Both
/// paths run the same code, which is what keeps incremental output byte-identical to a full translation.
/// </summary>
internal static class GatewayTranslator
{
    public static GatewayResources Translate(GatewayIr gateway, IReadOnlyDictionary<string, IdempotencyRuleIr> rules, TranslationMemo? memo)
    {
        var errors = GatewayValidator.Validate(gateway, rules);
        if (!errors.IsEmpty)
        {
            throw new TranslationException(gateway.Name, errors);
        }

        memo?.BeginPass();
        var clusters = new List<EnvoyResource>();
        var loadAssignments = new List<EnvoyResource>();
        var clusterInputs = gateway.Upstreams.Select(u => ClusterInput.ForUpstream(gateway.Name, u));
        if (gateway.Enforcement is { } enforcement)
        {
            clusterInputs = clusterInputs.Append(ClusterInput.ForEnforcement(enforcement));
        }

        foreach (var input in clusterInputs)
        {
            var translated = Build(memo?.Clusters, input.Name, input, ClusterTranslator.Translate);
            clusters.Add(new EnvoyResource(input.Name, translated.Cluster));
            if (translated.LoadAssignment is { } assignment)
            {
                loadAssignments.Add(new EnvoyResource(input.Name, assignment));
            }
        }

        var listeners = gateway.Listeners.Select(listener =>
        {
            var input = new ListenerInput(gateway.Name, listener, gateway.Enforcement);
            var name = EnvoyNames.Listener(gateway.Name, listener.Name);
            return new EnvoyResource(name, Build(memo?.Listeners, name, input, ListenerTranslator.Translate));
        });

        var routeConfigurations = gateway.RouteTables.Select(table => TranslateTable(gateway.Name, table, rules, gateway.Enforcement?.MessageTimeout, memo));
        var result = new GatewayResources(
            gateway.Name,
            SortedByName(clusters),
            SortedByName(loadAssignments),
            SortedByName(listeners),
            SortedByName(routeConfigurations));
        memo?.EndPass();
        return result;
    }

    private static EnvoyResource TranslateTable(string gateway, RouteTableIr table, IReadOnlyDictionary<string, IdempotencyRuleIr> rules, TimeSpan? messageTimeout, TranslationMemo? memo)
    {
        var pieces = new TranslatedRoute[table.Routes.Length];
        for (var i = 0; i < pieces.Length; i++)
        {
            var route = table.Routes[i];
            pieces[i] = Build(memo?.Routes, route.Name, new RouteInput(gateway, route, BoundRules(route, rules), messageTimeout), RouteTranslator.Translate);
        }

        var name = EnvoyNames.RouteConfiguration(gateway, table.Name);
        var input = new RouteConfigurationInput(name, EquatableArrays.Wrap(pieces));
        return new EnvoyResource(name, Build(memo?.RouteConfigurations, name, input, RouteConfigurationTranslator.Translate));
    }

    private static EquatableArray<IdempotencyRuleIr> BoundRules(RouteIr route, IReadOnlyDictionary<string, IdempotencyRuleIr> rules)
    {
        if (route.Idempotency.IsEmpty)
        {
            return default;
        }

        var bound = new IdempotencyRuleIr[route.Idempotency.Length];
        for (var i = 0; i < bound.Length; i++)
        {
            bound[i] = rules[route.Idempotency[i].RuleName];
        }

        return EquatableArrays.Wrap(bound);
    }

    private static TOutput Build<TInput, TOutput>(PieceMemo<TInput, TOutput>? memo, string name, TInput input, Func<TInput, TOutput> build)
        where TInput : IEquatable<TInput> =>
        memo is null ? build(input) : memo.GetOrBuild(name, input, build);

    private static ImmutableArray<EnvoyResource> SortedByName(IEnumerable<EnvoyResource> resources) =>
        [.. resources.OrderBy(r => r.Name, StringComparer.Ordinal)];
}
