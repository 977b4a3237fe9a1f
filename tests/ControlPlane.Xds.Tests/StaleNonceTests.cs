using ControlPlane.Xds.Tests.Infrastructure;

namespace ControlPlane.Xds.Tests;

/// <summary>A request answering a response that was already superseded is ignored: no response, no ACK or NACK recorded.</summary>
public sealed class StaleNonceTests
{
    [Theory]
    [InlineData(XdsVariant.Sotw)]
    [InlineData(XdsVariant.Delta)]
    public async Task An_ack_or_nack_with_an_old_nonce_is_ignored(XdsVariant variant)
    {
        await using var synced = await SyncedEnvoy.StartAsync(variant, GatewayConfig.Simple("a"));
        var (server, envoy) = (synced.Server, synced.Envoy);
        envoy.AutoAck = false;
        var mark = envoy.ResponseCount;

        server.Publish(SyncedEnvoy.Group, GatewayConfig.Simple("a").Endpoints("a", 9091).Build());
        var superseded = await envoy.ResponseAsync(mark, r => r.TypeUrl == ResourceTypes.Endpoint, "the first endpoint update");
        server.Publish(SyncedEnvoy.Group, GatewayConfig.Simple("a").Endpoints("a", 9092).Build());
        var latest = await envoy.ResponseAsync(superseded.Index + 1, r => r.TypeUrl == ResourceTypes.Endpoint, "the second endpoint update");

        await envoy.AckAsync(superseded);
        await envoy.SendRawAsync(StaleNack(variant, superseded));
        var probe = await envoy.ProbeAsync();

        Assert.Equal(latest.Index + 1, probe.Index);
        Assert.Equal("STALE", server.StatusOf("node-1", ResourceTypes.Endpoint)?.State);

        await envoy.AckAsync(latest);
        await Guard.Until(() => server.StatusOf("node-1", ResourceTypes.Endpoint)?.State == "SYNCED", "the current nonce's ACK to count");
    }

    private static Google.Protobuf.IMessage StaleNack(XdsVariant variant, ReceivedResponse response)
    {
        var error = new Google.Rpc.Status { Code = 3, Message = "stale rejection" };
        return variant == XdsVariant.Sotw
            ? new Envoy.Service.Discovery.V3.DiscoveryRequest { TypeUrl = response.TypeUrl, ResponseNonce = response.Nonce, ErrorDetail = error, ResourceNames = { "a" } }
            : new Envoy.Service.Discovery.V3.DeltaDiscoveryRequest { TypeUrl = response.TypeUrl, ResponseNonce = response.Nonce, ErrorDetail = error };
    }
}
