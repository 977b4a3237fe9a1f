using ControlPlane.Xds.Tests.Infrastructure;

namespace ControlPlane.Xds.Tests;

/// <summary>Every resource has its own version, so an edit re-sends only what it touched.</summary>
public sealed class PerResourceVersionTests
{
    [Fact]
    public void Editing_one_cluster_changes_only_that_resources_version_and_its_types()
    {
        var before = GatewayConfig.Simple("a", "a", "b").Build();
        var after = GatewayConfig.Simple("a", "a", "b").Cluster("a", connectTimeoutMs: 2000).Build();

        var changed = ResourceTypes.AdditionOrder
            .SelectMany(type => after.Get(type).Resources.Values)
            .Where(resource => !before.Get(resource.TypeUrl).TryGet(resource.Name, out var old) || old.Version != resource.Version)
            .Select(resource => $"{ResourceTypes.ShortName(resource.TypeUrl)}/{resource.Name}");
        Assert.Equal(["CDS/a"], changed);
        Assert.Equal(
            [ResourceTypes.Cluster],
            ResourceTypes.AdditionOrder.Where(type => before.Get(type).Version != after.Get(type).Version));
        Assert.NotEqual(before.Version, after.Version);
    }

    [Theory]
    [InlineData(XdsVariant.Sotw, new[] { "a", "b" })]
    [InlineData(XdsVariant.Delta, new[] { "a" })]
    public async Task Editing_one_cluster_sends_only_that_cluster_over_delta_and_only_its_type_over_sotw(XdsVariant variant, string[] clustersSent)
    {
        await using var synced = await SyncedEnvoy.StartAsync(variant, GatewayConfig.Simple("a", "a", "b"));
        var mark = synced.Envoy.ResponseCount;

        await synced.UpdateAsync(GatewayConfig.Simple("a", "a", "b").Cluster("a", connectTimeoutMs: 2000));
        var probe = await synced.Envoy.ProbeAsync();

        var update = Assert.Single(synced.Envoy.Responses.Take(probe.Index).Skip(mark));
        Assert.Equal(ResourceTypes.Cluster, update.TypeUrl);
        Assert.Equal(clustersSent, update.Names);
    }
}
