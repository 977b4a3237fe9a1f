using ControlPlane.Xds;
using ControlPlane.Xds.Cache;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Translation.Tests.Support;

/// <summary>Publishes translated resources through the real snapshot cache, which refuses inconsistent snapshots.</summary>
internal static class XdsPublishing
{
    public static XdsSnapshot ToSnapshot(GatewayResources resources) =>
        XdsSnapshot.Create(resources.All.Select(r => XdsResource.Create(r.Name, r.Message)));

    public static PublishResult Publish(GatewayResources resources)
    {
        using var services = new ServiceCollection().AddLogging().AddXdsServer().BuildServiceProvider();
        return services.GetRequiredService<ISnapshotCache>().Publish(resources.GatewayName, ToSnapshot(resources));
    }

    public static void AssertConsistent(GatewayResources resources)
    {
        var result = Publish(resources);
        Assert.True(result.Outcome == PublishOutcome.Published, string.Join("\n", result.Errors));
    }
}
