using ControlPlane.Enforcement.Tests.Infrastructure;
using ControlPlane.Ir;
using Grpc.Core;

namespace ControlPlane.Enforcement.Tests.Service;

/// <summary>
/// Bytes that are not a ProcessingRequest must end the stream with an error status, so Envoy applies the route's
/// failure mode; ending with OK would pass for a clean close.
/// </summary>
public sealed class UndecodableMessageTests
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    private static readonly Method<byte[], byte[]> Process = new(
        MethodType.DuplexStreaming, "envoy.service.ext_proc.v3.ExternalProcessor", "Process", Raw, Raw);

    [Theory]
    [InlineData("payments")]
    [InlineData("no-such-rule")]
    public async Task Undecodable_bytes_end_the_stream_with_invalid_argument(string ruleName)
    {
        await using var host = await ExtProcTestHost.StartAsync(_ => { }, time: null, TestRules.Create());
        var metadata = new Metadata { { EnforcementContract.RuleMetadataHeader, ruleName } };
        using var call = host.Channel.CreateCallInvoker().AsyncDuplexStreamingCall(Process, null, new CallOptions(metadata));

        // Field 2 (request_headers), length-delimited, claims 5 bytes and carries 1: a truncated message.
        await call.RequestStream.WriteAsync([0x12, 0x05, 0x0A]);
        var ended = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.InvalidArgument, ended.StatusCode);
        Assert.Contains(host.Logs.Entries, e => e.Message.Contains("could not be decoded", StringComparison.Ordinal));
    }
}
