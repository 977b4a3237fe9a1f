using ControlPlane.Xds.Tests.Infrastructure;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;

namespace ControlPlane.Xds.Tests;

/// <summary>Metric labels never carry client input: a client naming groups and types at will adds no series.</summary>
public sealed class MetricLabelTests
{
    private static readonly string[] TypeLabels = ["CDS", "EDS", "LDS", "RDS", "other"];

    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task Group_and_type_labels_name_only_published_groups_and_the_served_types(XdsVariant variant)
    {
        await using var server = await XdsTestServer.StartAsync();
        using var metrics = new MetricCapture(server);
        var snapshot = server.Publish("gw", GatewayConfig.Simple("a").Build());
        await using var envoy = EnvoyClients.Open(variant, server.Channel, "node-1", "gw");
        await envoy.StartAsync();
        await envoy.WaitUntilHoldsAsync(snapshot);
        envoy.RejectWhen = r => r.TypeUrl == ResourceTypes.Endpoint ? "no" : null;
        server.Publish("gw", GatewayConfig.Simple("a").Endpoints("a", 9090).Build());
        await envoy.ResponseAsync(0, r => r.RejectedWith is not null, "a NACK");

        // Clients naming groups nobody published, and types nobody serves.
        var hostile = new List<EnvoyClient>();
        for (var i = 0; i < 5; i++)
        {
            var client = EnvoyClients.Open(variant, server.Channel, $"h-{i}", $"attacker-{i}");
            hostile.Add(client);
            await client.StartAsync();
        }

        await using var badType = EnvoyClients.Open(variant, server.Channel, "h-type", "gw");
        await badType.SendRawAsync(variant == XdsVariant.Sotw
            ? new DiscoveryRequest { TypeUrl = "type.googleapis.com/attacker.Chosen", Node = new Node { Id = "h-type", Cluster = "gw" } }
            : new DeltaDiscoveryRequest { TypeUrl = "type.googleapis.com/attacker.Chosen", Node = new Node { Id = "h-type", Cluster = "gw" } });
        await Assert.ThrowsAnyAsync<Exception>(() => badType.Completion.WithinGuard("the bad stream to end"));
        await Guard.Until(() => server.Nodes.Snapshot().Count == 6, "the hostile streams to be open");
        foreach (var client in hostile)
        {
            await client.DisposeAsync();
        }

        var measurements = metrics.Measurements;
        Assert.Contains(measurements, m => m.Instrument == "xds_nacks");
        Assert.Contains(measurements, m => m.Instrument == "xds_bad_requests");
        Assert.All(measurements.Where(m => m.Tags.ContainsKey("group")), m => Assert.Equal("gw", m.Tags["group"]));
        Assert.All(measurements.Where(m => m.Tags.ContainsKey("type")), m => Assert.Contains(m.Tags["type"], TypeLabels));
        Assert.Contains(measurements, m => m.Instrument == "xds_convergence_duration" && m.Tags["type"] == "CDS");
        Assert.All(measurements.Where(m => m.Tags.ContainsKey("variant")), m => Assert.Contains(m.Tags["variant"], (string[])["sotw", "delta"]));
        Assert.All(measurements.Where(m => m.Tags.ContainsKey("service")), m => Assert.Contains(m.Tags["service"], (string[])["ADS", "CDS", "EDS", "LDS", "RDS"]));
        Assert.All(measurements, m => Assert.Empty(m.Tags.Keys.Except(["group", "type", "variant", "service"])));
    }
}
