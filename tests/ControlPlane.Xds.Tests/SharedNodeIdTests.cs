using ControlPlane.Xds.Tests.Infrastructure;
using Envoy.Config.Route.V3;

namespace ControlPlane.Xds.Tests;

/// <summary>
/// Envoys started from one bootstrap share a node id. Status and NACK memory are per stream: one Envoy's NACK never
/// keeps config from another, and only a new stream that reports holding what the rejecting one held (the same Envoy,
/// reconnected) is spared the rejected version.
/// </summary>
public sealed class SharedNodeIdTests
{
    private const string NodeId = "public-node";
    private const string Error = "route 'main': unsupported match";

    private static GatewayConfig Accepted => GatewayConfig.Simple("a");

    // Only the route configuration changes: the rejecting Envoy NACKs RDS and nothing else.
    private static GatewayConfig RejectedRoutes => GatewayConfig.Simple("a").Routes(GatewayConfig.RouteConfigName, "a", route => route.Match.Prefix = "/v2");

    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task One_envoys_nack_does_not_keep_config_from_another_with_the_same_node_id(XdsVariant variant)
    {
        await using var server = await XdsTestServer.StartAsync();
        var initial = server.Publish(SyncedEnvoy.Group, Accepted.Build());
        var rejecting = await OpenSyncedAsync(server, variant, initial, rejects: true);
        await using var healthy = await OpenSyncedAsync(server, variant, initial, rejects: false);

        var (rejected, _) = await PublishRejectedAsync(server, rejecting);
        await healthy.WaitUntilHoldsAsync(rejected);

        // Two rows for one node id, each with its own state.
        await Guard.Until(() => server.StreamsOf(NodeId) is { Count: 2 } both && both.Count(r => RdsState(r) == "ERROR") == 1 && both.Count(r => RdsState(r) == "SYNCED") == 1, "one ERROR and one SYNCED row");
        var rows = server.StreamsOf(NodeId);
        Assert.Contains(Error, rows.Single(r => RdsState(r) == "ERROR").Types.Single(t => t.Type == "RDS").LastError, StringComparison.Ordinal);
        Assert.NotEqual(rows[0].Peer, rows[1].Peer);
        Assert.All(rows, row => Assert.Equal((variant == XdsVariant.Sotw ? "sotw" : "delta", "ADS", SyncedEnvoy.Group), (row.Variant, row.Service, row.Group)));
        Assert.All(rows, row => Assert.StartsWith("ipv4:127.0.0.1:", row.Peer, StringComparison.Ordinal));

        // The rejecting Envoy leaves: the other keeps syncing, and its row is the only one.
        await rejecting.DisposeAsync();
        await Guard.Until(() => server.StreamsOf(NodeId).Count == 1, "the closed stream's row to go");
        var next = server.Publish(SyncedEnvoy.Group, RejectedRoutes.Endpoints("a", 9090).Build());
        await healthy.WaitUntilHoldsAsync(next);

        // It comes back as Envoy does, reporting what it still holds: the rest flows, the rejected routes do not.
        await using var resumed = await rejecting.ReconnectAsync(server.OpenChannel());
        await resumed.WaitUntilHoldsAsync(next, ResourceTypes.Cluster, ResourceTypes.Endpoint, ResourceTypes.Listener);
        var probe = await resumed.ProbeAsync(ResourceTypes.Endpoint, "a");
        Assert.DoesNotContain(resumed.Responses.Take(probe.Index), r => r.TypeUrl == ResourceTypes.Route && r.Resources.Length > 0);
        Assert.DoesNotContain(resumed.Responses, r => r.RejectedWith is not null);
        await Guard.Until(() => server.StreamsOf(NodeId) is [_, { } row] && RdsState(row) == "ERROR", "the resumed stream to show the held-back rejection");
        Assert.Contains(Error, server.StreamsOf(NodeId)[1].Types.Single(t => t.Type == "RDS").LastError, StringComparison.Ordinal);
        Assert.Equal("SYNCED", RdsState(server.StreamsOf(NodeId)[0]));

        // A fixed version reaches it.
        var fixedRoutes = server.Publish(SyncedEnvoy.Group, GatewayConfig.Simple("a").Routes(GatewayConfig.RouteConfigName, "a", route => route.Match.Prefix = "/v3").Build());
        await Task.WhenAll(resumed.WaitUntilHoldsAsync(fixedRoutes), healthy.WaitUntilHoldsAsync(fixedRoutes));
    }

    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task A_new_envoy_with_the_node_id_of_one_that_rejected_gets_the_config(XdsVariant variant)
    {
        await using var server = await XdsTestServer.StartAsync();
        var initial = server.Publish(SyncedEnvoy.Group, Accepted.Build());
        var rejecting = await OpenSyncedAsync(server, variant, initial, rejects: true);
        var (rejected, _) = await PublishRejectedAsync(server, rejecting);
        await rejecting.DisposeAsync();

        // Reports nothing (a fresh start): nothing says it runs the config that was rejected.
        await using var fresh = EnvoyClients.Open(variant, server.OpenChannel(), NodeId, SyncedEnvoy.Group);
        await fresh.StartAsync();

        await fresh.WaitUntilHoldsAsync(rejected);
        await Guard.Until(() => server.StreamsOf(NodeId) is [{ } row] && RdsState(row) == "SYNCED", "the new stream's RDS to be SYNCED");
    }

    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task A_stream_that_rejected_a_version_is_not_sent_it_again_while_its_sibling_acks_it(XdsVariant variant)
    {
        await using var server = await XdsTestServer.StartAsync();
        var initial = server.Publish(SyncedEnvoy.Group, Accepted.Build());
        await using var rejecting = await OpenSyncedAsync(server, variant, initial, rejects: true);
        await using var healthy = await OpenSyncedAsync(server, variant, initial, rejects: false);

        var (_, nack) = await PublishRejectedAsync(server, rejecting);
        var next = server.Publish(SyncedEnvoy.Group, RejectedRoutes.Endpoints("a", 9090).Build());
        await healthy.WaitUntilHoldsAsync(next);
        await rejecting.WaitUntilHoldsAsync(next, ResourceTypes.Cluster, ResourceTypes.Endpoint, ResourceTypes.Listener);

        var probe = await rejecting.ProbeAsync(ResourceTypes.Endpoint, "a");
        Assert.Single(rejecting.Responses.Take(probe.Index + 1), r => r.RejectedWith is not null);
        Assert.DoesNotContain(rejecting.Responses.Skip(nack.Index + 1).Take(probe.Index - nack.Index), r => r.TypeUrl == ResourceTypes.Route && r.Resources.Length > 0);
    }

    /// <summary>An Envoy of <see cref="NodeId"/> on its own connection, holding <paramref name="snapshot"/>.</summary>
    private static async Task<EnvoyClient> OpenSyncedAsync(XdsTestServer server, XdsVariant variant, Cache.XdsSnapshot snapshot, bool rejects)
    {
        var envoy = EnvoyClients.Open(variant, server.OpenChannel(), NodeId, SyncedEnvoy.Group);
        envoy.RejectWhen = rejects ? RejectsV2Routes : null;
        await envoy.StartAsync();
        await envoy.WaitUntilHoldsAsync(snapshot);
        return envoy;
    }

    private static async Task<(Cache.XdsSnapshot Rejected, ReceivedResponse Nack)> PublishRejectedAsync(XdsTestServer server, EnvoyClient rejecting)
    {
        var rejected = server.Publish(SyncedEnvoy.Group, RejectedRoutes.Build());
        return (rejected, await rejecting.ResponseAsync(0, r => r.RejectedWith is not null, "the rejecting Envoy's NACK"));
    }

    private static string? RejectsV2Routes(ReceivedResponse response) =>
        response.Resources.Any(r => r.Resource.TypeUrl == ResourceTypes.Route
            && r.Resource.Unpack<RouteConfiguration>().VirtualHosts.SelectMany(v => v.Routes).Any(route => route.Match.Prefix == "/v2")) ? Error : null;

    private static string? RdsState(Status.StreamSyncStatus row) => row.Types.SingleOrDefault(t => t.Type == "RDS")?.State;
}
