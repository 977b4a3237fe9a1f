using System.Net;
using System.Text.Json;

namespace ControlPlane.Tests;

/// <summary>The admin port's probes and the debug port's sync status and Prometheus metrics.</summary>
public sealed class AdminEndpointsTests
{
    [Fact]
    public async Task Probes_status_and_metrics_reflect_the_served_config_and_connected_nodes()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);
        using var http = server.AdminClient();
        using var debug = server.DebugClient();
        await using var envoy = await EnvoyLikeClient.ConnectAsync(server.Channel, "public");
        await envoy.ReceiveConfigAsync(TimeSpan.FromMilliseconds(500));

        Assert.Equal("ok\n", await http.GetStringAsync("/healthz"));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);

        using var status = JsonDocument.Parse(await debug.GetStringAsync("/status"));
        var node = status.RootElement.GetProperty("nodes").EnumerateArray().Single();
        Assert.Equal("public", node.GetProperty("group").GetString());
        Assert.All(node.GetProperty("types").EnumerateArray(), t => Assert.Equal("SYNCED", t.GetProperty("state").GetString()));
        Assert.Equal(4, node.GetProperty("types").GetArrayLength());
        // The group's per-type versions are what the stream was sent: the SotW version_info, as render prints it.
        var served = status.RootElement.GetProperty("groups").EnumerateArray().Single().GetProperty("versions");
        Assert.All(node.GetProperty("types").EnumerateArray(), t => Assert.Equal(served.GetProperty(t.GetProperty("type").GetString()!).GetString(), t.GetProperty("sentVersion").GetString()));
        var store = status.RootElement.GetProperty("store");
        Assert.Equal("memory", store.GetProperty("store").GetString());
        Assert.True(store.GetProperty("reachable").GetBoolean());

        var metrics = await debug.GetStringAsync("/metrics");
        Assert.Contains("xds_snapshots_published_total{group=\"public\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("xds_streams_active{service=\"ADS\",variant=\"sotw\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("xds_acks_total{type=\"RDS\"}", metrics, StringComparison.Ordinal);
        // Exported as soon as the store's state is known, before any request.
        Assert.Contains("idempotency_store_up{store=\"memory\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_waits_for_a_valid_policy_set()
    {
        using var policies = new PolicyDirectory();
        policies.WriteAtomically("broken.yaml", "apiVersion: idempotency.gateway/v1alpha1\nkind: Gateway\nmetadata: {name: public}\nspec: {listeners: 8080}\n");
        await using var server = await RunningServer.StartAsync(policies.Root);
        using var http = server.AdminClient();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);

        var reloads = server.Status.Reloads;
        File.Copy(Path.Combine(PolicyDirectory.ExamplePolicies, "gateways", "public.yaml"), policies.PathOf("broken.yaml.new"));
        File.Move(policies.PathOf("broken.yaml.new"), policies.PathOf("broken.yaml"), overwrite: true);
        await server.WaitForReloadAsync(reloads);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
    }
}
