using ControlPlane.Enforcement.Tests.Infrastructure;
using Grpc.Core;

namespace ControlPlane.Enforcement.Tests.Service;

/// <summary>Envoy sends a buffered body in one gRPC message: the receive limit must follow the largest policy body.</summary>
public sealed class GrpcMessageLimitTests
{
    private const int FiveMiB = 5 * 1024 * 1024;

    [Fact]
    public async Task A_body_above_the_default_4_mib_fits_when_the_host_passes_the_largest_max_body()
    {
        var rule = TestRules.Create() with { MaxBodyBytes = 6 * 1024 * 1024 };
        await using var host = await ExtProcTestHost.StartAsync(options => options.MaxRequestBodyBytes = rule.MaxBodyBytes, time: null, rule);
        var backend = new Backend(UpstreamResponse.Json(201, "{}"));

        var result = await host.Envoy(rule).SendAsync(HttpRequestSpec.Post("k-1", BigJson()), backend.Handle);

        Assert.True(result.ReachedBackend);
        host.AssertNoErrors();
    }

    [Fact]
    public async Task Without_it_grpc_refuses_the_message()
    {
        var rule = TestRules.Create() with { MaxBodyBytes = 6 * 1024 * 1024 };
        await using var host = await ExtProcTestHost.StartAsync(_ => { }, time: null, rule);

        var refused = await Assert.ThrowsAsync<RpcException>(() => host.Envoy(rule).SendAsync(HttpRequestSpec.Post("k-1", BigJson()), new Backend(UpstreamResponse.Json(201, "{}")).Handle));

        // The server ends the call with ResourceExhausted; a client still writing the message may see the reset first.
        Assert.Contains(refused.StatusCode, new[] { StatusCode.ResourceExhausted, StatusCode.Cancelled });
    }

    private static string BigJson() => $$"""{"blob":"{{new string('x', FiveMiB)}}"}""";
}
