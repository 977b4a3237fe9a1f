using Envoy.Config.Cluster.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;

namespace ControlPlane.Translation.Tests.Support;

/// <summary>Reads the parts of translated resources that tests assert on.</summary>
internal static class EnvoyQueries
{
    public static HttpConnectionManager ConnectionManager(this Listener listener) =>
        Assert.Single(Assert.Single(listener.FilterChains).Filters).TypedConfig.Unpack<HttpConnectionManager>();

    public static Listener SingleListener(this GatewayResources resources) => (Listener)Assert.Single(resources.Listeners).Message;

    public static RouteConfiguration SingleRouteConfiguration(this GatewayResources resources) =>
        (RouteConfiguration)Assert.Single(resources.RouteConfigurations).Message;

    public static IEnumerable<Route> AllRoutes(this GatewayResources resources) =>
        resources.RouteConfigurations.SelectMany(r => ((RouteConfiguration)r.Message).VirtualHosts).SelectMany(v => v.Routes);

    public static Route RouteNamed(this GatewayResources resources, string name) =>
        resources.AllRoutes().First(r => r.Name == name);

    public static Cluster ClusterNamed(this GatewayResources resources, string name) =>
        (Cluster)resources.Clusters.Single(c => c.Name == name).Message;

    public static ExtProcPerRoute PerRoute(this Route route, string filterName) =>
        route.TypedPerFilterConfig[filterName].Unpack<ExtProcPerRoute>();

    /// <summary>Each resource's wire bytes (base64, so equality is by content) under "Type/name", in output order.</summary>
    public static List<KeyValuePair<string, string>> SerializedByName(this GatewayResources resources) =>
        [.. resources.All.Select(r => KeyValuePair.Create($"{r.Message.Descriptor.Name}/{r.Name}", Convert.ToBase64String(Google.Protobuf.MessageExtensions.ToByteArray(r.Message))))];
}
