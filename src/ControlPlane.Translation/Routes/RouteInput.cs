using System.Collections.Immutable;
using ControlPlane.Ir;
using Envoy.Config.Route.V3;

namespace ControlPlane.Translation.Routes;

/// <summary>A route and the rules its bindings name (same order): all that its Envoy routes depend on.</summary>
/// <param name="MessageTimeout">The gateway's ext_proc message timeout, told to the service per route; null without enforcement.</param>
internal readonly record struct RouteInput(string Gateway, RouteIr Route, EquatableArray<IdempotencyRuleIr> Rules, TimeSpan? MessageTimeout = null);

/// <summary>
/// The Envoy routes for one IR route, in match order. Compared by reference on purpose: the route configuration is
/// rebuilt only when one of its pieces is a new instance.
/// </summary>
internal sealed class TranslatedRoute(EquatableArray<string> hosts, ImmutableArray<Route> routes)
{
    public EquatableArray<string> Hosts { get; } = hosts;

    public ImmutableArray<Route> Routes { get; } = routes;
}
