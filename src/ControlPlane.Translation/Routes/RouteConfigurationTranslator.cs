using ControlPlane.Ir;
using Envoy.Config.Route.V3;

namespace ControlPlane.Translation.Routes;

/// <summary>A route table's translated pieces, compared by reference (see <see cref="TranslatedRoute"/>).</summary>
internal readonly record struct RouteConfigurationInput(string Name, EquatableArray<TranslatedRoute> Routes);

internal static class RouteConfigurationTranslator
{
    public static RouteConfiguration Translate(RouteConfigurationInput input)
    {
        var config = new RouteConfiguration
        {
            Name = input.Name,
            // A Host header with a port (api.example.com:8080) must still match the domain api.example.com.
            IgnorePortInHostMatching = true,
            // Explicit although it is RDS's default: true would make Envoy refuse a route configuration naming a
            // cluster it has not warmed yet. Cluster references are checked before a snapshot is published instead.
            ValidateClusters = false,
        };

        var routes = input.Routes.AsImmutableArray();
        foreach (var planned in VirtualHostPlanner.Plan(routes))
        {
            var virtualHost = new VirtualHost { Name = EnvoyNames.VirtualHost(planned.Domains), Domains = { planned.Domains } };
            foreach (var index in planned.RouteIndices)
            {
                virtualHost.Routes.AddRange(routes[index].Routes);
            }

            config.VirtualHosts.Add(virtualHost);
        }

        return config;
    }
}
