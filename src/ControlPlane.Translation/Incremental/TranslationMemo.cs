using ControlPlane.Translation.Clusters;
using ControlPlane.Translation.Listeners;
using ControlPlane.Translation.Routes;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;

namespace ControlPlane.Translation.Incremental;

/// <summary>One gateway's memoized pieces, keyed by Envoy name (route pieces by IR route name).</summary>
internal sealed class TranslationMemo
{
    public PieceMemo<ListenerInput, Listener> Listeners { get; } = new();

    public PieceMemo<RouteInput, TranslatedRoute> Routes { get; } = new();

    public PieceMemo<RouteConfigurationInput, RouteConfiguration> RouteConfigurations { get; } = new();

    public PieceMemo<ClusterInput, TranslatedCluster> Clusters { get; } = new();

    public int Count => Listeners.Count + Routes.Count + RouteConfigurations.Count + Clusters.Count;

    public void BeginPass()
    {
        Listeners.BeginPass();
        Routes.BeginPass();
        RouteConfigurations.BeginPass();
        Clusters.BeginPass();
    }

    public void EndPass()
    {
        Listeners.EndPass();
        Routes.EndPass();
        RouteConfigurations.EndPass();
        Clusters.EndPass();
    }
}
