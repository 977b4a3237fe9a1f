using ControlPlane.Enforcement.Tests.Infrastructure;
using ControlPlane.Ir;
using Envoy.Service.ExtProc.V3;
using ControlPlane.Testing;

namespace ControlPlane.Enforcement.Tests.Service;

/// <summary>
/// The service must work with what Envoy's gRPC client really sends: <c>:authority</c> = the cluster name (no port),
/// through a Service or port-forward whose port differs from Kestrel's, and the route's metadata as request headers.
/// </summary>
public sealed class EnvoyWireTests
{
    [Fact]
    public async Task The_fake_envoy_sends_what_envoy_sends()
    {
        var rule = TestRules.Create();
        await using var host = await ExtProcTestHost.StartAsync(_ => { }, time: null, rule);

        await host.Envoy(rule).SendAsync(HttpRequestSpec.Post("k-1"), new Backend(UpstreamResponse.Json(201, "{}")).Handle);

        var call = Assert.Single(host.Seen);
        Assert.Equal(EnforcementContract.ClusterName, call.Authority);
        Assert.StartsWith("envoy/", call.UserAgent, StringComparison.Ordinal);
        Assert.Equal("trailers", call.Te);
        Assert.Equal("application/grpc", call.ContentType);
        Assert.Equal("closed", call.FailureMode);
        Assert.Equal("20000", call.MessageTimeoutMs);
        host.AssertNoErrors();
    }

    [Theory]
    [InlineData(EnforcementContract.ClusterName)]
    [InlineData("anything.example:1234")]
    public async Task Behind_a_port_forward_with_envoys_authority_a_request_is_claimed_and_its_retry_replayed(string authority)
    {
        var rule = TestRules.Create();
        await using var host = await ExtProcTestHost.StartAsync(_ => { }, time: null, rule);
        await using var forwarder = new TcpForwarder(host.Port);
        using var channel = EnvoyGrpcChannel.Create(forwarder.Port, authority);
        var envoy = new FakeEnvoy(new ExternalProcessor.ExternalProcessorClient(channel), rule.Name, rule.NeedsRequestBody);
        var backend = new Backend(UpstreamResponse.Json(201, """{"id":"pay_1"}"""));

        var first = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);
        var retry = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);

        Assert.NotEqual(host.Port, forwarder.Port);
        Assert.All(host.Seen, call => Assert.Equal(authority, call.Authority));
        Assert.True(first.ReachedBackend);
        Assert.False(retry.ReachedBackend);
        Assert.Equal("true", retry.Header("idempotent-replayed"));
        Assert.Equal(1, backend.Calls);
        host.AssertNoErrors();
    }
}
