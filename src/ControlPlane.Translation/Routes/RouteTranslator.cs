using System.Collections.Immutable;
using ControlPlane.Translation.Common;
using Envoy.Config.Route.V3;
using Google.Protobuf.WellKnownTypes;

namespace ControlPlane.Translation.Routes;

internal static class RouteTranslator
{
    /// <summary>
    /// One method-specific route per idempotency binding, each enabling the filter for its rule's failure mode, then the
    /// plain route for every other request. Envoy takes the first match, so the specific routes must come first.
    /// </summary>
    public static TranslatedRoute Translate(RouteInput input)
    {
        var route = input.Route;
        var routes = ImmutableArray.CreateBuilder<Route>(route.Idempotency.Length + 1);
        for (var i = 0; i < route.Idempotency.Length; i++)
        {
            var binding = route.Idempotency[i];
            var rule = input.Rules[i];
            var idempotent = new Route
            {
                Name = EnvoyNames.IdempotentRoute(route.Name, rule.Name),
                Match = RouteMatches.Build(route.Path, route.Headers),
                Route_ = Action(input),
            };
            idempotent.Match.Headers.Add(RouteMatches.Methods(binding.Methods));
            idempotent.TypedPerFilterConfig.Add(
                EnforcementFilters.FilterName(rule.FailureMode),
                Any.Pack(EnforcementPerRoute.Build(rule, route.Name, input.MessageTimeout)));
            routes.Add(idempotent);
        }

        routes.Add(new Route
        {
            Name = EnvoyNames.PlainRoute(route.Name),
            Match = RouteMatches.Build(route.Path, route.Headers),
            Route_ = Action(input),
        });

        return new TranslatedRoute(route.Hosts, routes.MoveToImmutable());
    }

    private static RouteAction Action(RouteInput input)
    {
        var action = new RouteAction { Cluster = EnvoyNames.Cluster(input.Gateway, input.Route.UpstreamName) };
        if (input.Route.Timeout is { } timeout)
        {
            action.Timeout = ProtoValues.Duration(timeout);
        }

        return action;
    }
}
