using Envoy.Config.Route.V3;
using ControlPlane.Hosting;

namespace ControlPlane.Tests;

/// <summary><c>serve</c> on the example policies, watched by an Envoy-like ADS client.</summary>
public sealed class ServeEndToEndTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(700);

    [Fact]
    public async Task An_envoy_receives_the_example_config_in_protocol_order_then_sees_a_file_edit()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);
        await using var envoy = await EnvoyLikeClient.ConnectAsync(server.Channel, "public");

        var initial = await envoy.ReceiveConfigAsync(Quiet);
        var order = initial.Select(r => r.TypeUrl).Distinct().ToList();
        Assert.Equal([TypeUrls.Cluster, TypeUrls.Endpoint, TypeUrls.Listener, TypeUrls.Route], order);
        var routes = initial.Last(r => r.TypeUrl == TypeUrls.Route).Resources.Select(r => r.Unpack<RouteConfiguration>()).Single();
        Assert.Contains(routes.VirtualHosts.SelectMany(v => v.Routes), r => r.Name == "create-session/idempotent/create-session");

        var reloads = server.Status.Reloads;
        policies.WriteAtomically("idempotency/sessions.yaml", policies.Read("idempotency/sessions.yaml").Replace("methods: [POST]", "methods: [POST, PUT]", StringComparison.Ordinal));
        await server.WaitForReloadAsync(reloads);

        var update = await envoy.NextOfTypeAsync(TypeUrls.Route, Wait);
        var methods = update.Resources.Select(r => r.Unpack<RouteConfiguration>()).Single()
            .VirtualHosts.SelectMany(v => v.Routes).Single(r => r.Name == "create-session/idempotent/create-session")
            .Match.Headers.Single(h => h.Name == ":method");
        Assert.Contains("PUT", methods.ToString(), StringComparison.Ordinal);
        Assert.Empty(await envoy.DrainAsync(Quiet));
    }

    [Fact]
    public async Task After_a_restart_with_the_same_files_a_reconnecting_envoy_receives_nothing_new()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        var ports = new ServeOptions { XdsPort = TestPorts.Free(), ExtProcPort = TestPorts.Free(), AdminPort = TestPorts.Free(), DebugPort = TestPorts.Free() };
        EnvoyLikeClient held;
        await using (var first = await RunningServer.StartAsync(policies.Root, ports: ports))
        {
            held = await EnvoyLikeClient.ConnectAsync(first.Channel, "public");
            await held.ReceiveConfigAsync(Quiet);
            await held.DisposeAsync();
        }

        Assert.Equal(4, held.Versions.Count);
        await using var second = await RunningServer.StartAsync(policies.Root, ports: new ServeOptions { XdsPort = TestPorts.Free(), ExtProcPort = TestPorts.Free(), AdminPort = TestPorts.Free(), DebugPort = TestPorts.Free() });
        await using var reconnected = await EnvoyLikeClient.ConnectAsync(second.Channel, "public", held);
        var responses = await reconnected.DrainAsync(Quiet);

        // Every type's version matches what the node holds: content-derived versions survive the restart.
        Assert.Empty(responses);
    }
}
