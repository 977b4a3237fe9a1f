using ControlPlane.Xds.Tests.Infrastructure;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Xds.Tests;

/// <summary>
/// Bytes that do not parse as the method's request end that stream with INVALID_ARGUMENT and one warning, on every
/// streaming method, not UNKNOWN with a stack trace.
/// </summary>
public sealed class MalformedRequestTests
{
    private static readonly Dictionary<string, (byte[] Bytes, string Mentions)> Cases = new()
    {
        // A length-delimited field 1 whose length runs past the end of the message.
        ["truncated protobuf"] = ([0x0A, 0x7F, 0x01], "not a valid"),
        // Field 15 with wire type 7, which does not exist.
        ["invalid wire type"] = ([0x7F, 0x00], "not a valid"),
        // Field 3 is a repeated string in both requests (resource_names, resource_names_subscribe): 0xC3 0x28 is no UTF-8.
        ["invalid UTF-8 in a string"] = ([0x1A, 0x02, 0xC3, 0x28], "UTF-8"),
    };

    public static TheoryData<string, string> MethodsAndCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in RawXdsCall.StreamingMethods)
        {
            foreach (var name in Cases.Keys)
            {
                data.Add(method, name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MethodsAndCases))]
    public async Task A_request_that_is_not_a_valid_message_ends_its_stream_with_invalid_argument_and_one_warning(string method, string badness)
    {
        var (bytes, mentions) = Cases[badness];
        var logs = new LogCapture();
        await using var synced = await SyncedEnvoy.StartAsync(XdsVariant.Sotw, GatewayConfig.Simple("a"), addServices: logs.Register);
        using var call = RawXdsCall.Open(synced.Server.Channel, method);

        await call.RequestStream.WriteAsync(bytes);

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WithinGuard("the malformed stream to end"));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(mentions, error.Status.Detail, StringComparison.Ordinal);
        await synced.UpdateAsync(GatewayConfig.Simple("a").Endpoints("a", 9090));
        var warning = Assert.Single(logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(mentions, warning.Message, StringComparison.Ordinal);
        Assert.Null(warning.Exception);
    }

    [Theory]
    [InlineData("envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources")]
    [InlineData("envoy.service.discovery.v3.AggregatedDiscoveryService/DeltaAggregatedResources")]
    public async Task Bytes_that_are_no_request_after_a_good_first_request_end_the_stream_and_its_row(string method)
    {
        await using var synced = await SyncedEnvoy.StartAsync(XdsVariant.Sotw, GatewayConfig.Simple("a"));
        using var call = RawXdsCall.Open(synced.Server.Channel, method);
        var node = new Node { Id = "raw-node", Cluster = SyncedEnvoy.Group };
        IMessage first = method.EndsWith("DeltaAggregatedResources", StringComparison.Ordinal)
            ? new DeltaDiscoveryRequest { TypeUrl = ResourceTypes.Cluster, Node = node }
            : new DiscoveryRequest { TypeUrl = ResourceTypes.Cluster, Node = node };

        await call.RequestStream.WriteAsync(first.ToByteArray());
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WithinGuard("the cluster response"));
        await call.RequestStream.WriteAsync([0x0A, 0x7F, 0x01]);

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WithinGuard("the malformed stream to end"));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        await Guard.Until(() => synced.Server.StreamsOf("raw-node").Count == 0, "the ended stream's row to go");
    }
}
