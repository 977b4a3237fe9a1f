using ControlPlane.Xds.Cache;
using ControlPlane.Xds.Tests.Infrastructure;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Google.Protobuf.WellKnownTypes;

namespace ControlPlane.Xds.Tests;

/// <summary>A snapshot that would leave Envoy warming forever or failing requests is refused; the previous one keeps serving.</summary>
public sealed class ConsistencyRefusalTests
{
    private static readonly Dictionary<string, (Func<GatewayConfig> Build, string[] ErrorMentions)> Cases = new()
    {
        ["listener names a missing route configuration"] = (
            () => GatewayConfig.Simple("a").Listener("second", "missing-routes", port: 10001),
            ["second", "missing-routes"]),
        ["EDS cluster without load assignment"] = (
            () => GatewayConfig.Simple("a").Cluster("b", withEndpoints: false),
            ["'b'", "load assignment"]),
        ["route to a missing cluster"] = (
            () => GatewayConfig.Simple("a").Routes(GatewayConfig.RouteConfigName, "ghost"),
            ["ghost"]),
        ["weighted route to a missing cluster"] = (
            () => GatewayConfig.Simple("a").Routes(GatewayConfig.RouteConfigName, "a", route => route.Route_ = new RouteAction
            {
                WeightedClusters = new WeightedCluster
                {
                    Clusters =
                    {
                        new WeightedCluster.Types.ClusterWeight { Name = "a", Weight = 50 },
                        new WeightedCluster.Types.ClusterWeight { Name = "ghost", Weight = 50 },
                    },
                },
            }),
            ["ghost"]),
        ["gRPC service cluster missing"] = (
            () => GatewayConfig.Simple("a").Listener(GatewayConfig.ListenerName, GatewayConfig.RouteConfigName, GatewayConfig.ExtProcFilter("idempotency", "ext-proc")),
            ["idempotency", "ext-proc"]),
        ["per-filter config under a filter name the connection manager lacks"] = (
            () => GatewayConfig.Simple("a").Routes(GatewayConfig.RouteConfigName, "a", route =>
                route.TypedPerFilterConfig["envoy.filters.http.ext_proc"] = Any.Pack(new ExtProcPerRoute { Disabled = true })),
            ["envoy.filters.http.ext_proc"]),
    };

    public static TheoryData<XdsVariant, string> VariantsAndCases() => VariantCases.Of(Cases.Keys);

    [Theory]
    [MemberData(nameof(VariantsAndCases))]
    public async Task An_inconsistent_snapshot_is_refused_with_clear_errors_and_the_previous_one_keeps_serving(XdsVariant variant, string inconsistency)
    {
        var (build, mentions) = Cases[inconsistency];
        await using var synced = await SyncedEnvoy.StartAsync(variant, GatewayConfig.Simple("a"));
        var (server, envoy, served) = (synced.Server, synced.Envoy, synced.Snapshot);
        var mark = envoy.ResponseCount;

        var result = server.Cache.Publish(SyncedEnvoy.Group, build().Build());

        Assert.Equal(PublishOutcome.Rejected, result.Outcome);
        var error = Assert.Single(result.Errors);
        Assert.All(mentions, mention => Assert.Contains(mention, error, StringComparison.Ordinal));
        Assert.Same(served, server.Cache.Get(SyncedEnvoy.Group));
        var probe = await envoy.ProbeAsync();
        Assert.Equal(mark, probe.Index);

        await using var newcomer = EnvoyClients.Open(variant, server.Channel, "node-2", SyncedEnvoy.Group);
        await newcomer.StartAsync();
        await newcomer.WaitUntilHoldsAsync(served);
    }
}
