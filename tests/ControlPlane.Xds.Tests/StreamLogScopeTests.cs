using ControlPlane.Xds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Xds.Tests;

/// <summary>Every line a stream logs once its node is known names the node id and the gateway group, through a scope.</summary>
public sealed class StreamLogScopeTests
{
    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task A_streams_log_lines_carry_its_node_id_and_group(XdsVariant variant)
    {
        var logs = new LogCapture();
        await using (var synced = await SyncedEnvoy.StartAsync(variant, GatewayConfig.Simple("a"), addServices: services =>
        {
            logs.Register(services);
            services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug));
        }))
        {
            synced.Envoy.RejectWhen = response => response.TypeUrl == ResourceTypes.Endpoint ? "bad endpoints" : null;
            synced.Server.Publish(SyncedEnvoy.Group, GatewayConfig.Simple("a").Endpoints("a", 9090).Build());
            await synced.Envoy.ResponseAsync(0, r => r.RejectedWith is not null, "the NACK");
            await Guard.Until(() => logs.Entries.Any(e => e.Level == LogLevel.Warning), "the NACK to be logged");
        }

        var streamLines = logs.Entries.Where(e => e.Message.StartsWith("Stream ", StringComparison.Ordinal)).ToList();
        Assert.Contains(streamLines, e => e.Level == LogLevel.Warning && e.Message.Contains("bad endpoints", StringComparison.Ordinal));
        Assert.Contains(streamLines, e => e.Message.EndsWith("closed.", StringComparison.Ordinal));
        Assert.All(streamLines, e =>
        {
            Assert.Equal("node-1", e.Scope.GetValueOrDefault("NodeId"));
            Assert.Equal(SyncedEnvoy.Group, e.Scope.GetValueOrDefault("Group"));
        });
    }
}
