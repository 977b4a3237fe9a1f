using ControlPlane.Hosting;
using Envoy.Config.Core.V3;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using ControlPlane.Testing;

namespace ControlPlane.Tests;

/// <summary>
/// The ext_proc port of <c>serve</c> enforces the rules compiled from the watched policy directory, with no YAML of its
/// own; <c>--role</c> splits xDS and enforcement into separate processes.
/// </summary>
public sealed class ServeEnforcementTests
{
    [Fact]
    public async Task The_extproc_role_enforces_the_example_policies_and_serves_no_xds()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root, ServerRole.ExtProc);
        using var channel = server.EnforcementChannel();

        var missingKey = await SendHeadersAsync(channel, "create-session", ("x-tenant-id", "t1"));
        Assert.Equal(ProcessingResponse.ResponseOneofCase.ImmediateResponse, missingKey.ResponseCase);
        Assert.Equal(400, (int)missingKey.ImmediateResponse.Status.Code);
        Assert.Contains("missing-key", missingKey.ImmediateResponse.Body.ToStringUtf8(), StringComparison.Ordinal);

        var withKey = await SendHeadersAsync(channel, "create-session", ("x-tenant-id", "t1"), ("idempotency-key", "\"k-1\""));
        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestHeaders, withKey.ResponseCase);
        var metrics = await MetricsTests.ScrapeAsync(server);
        Assert.Contains("\nidempotency_decisions_total{outcome=\"continued\",rule=\"create-session\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("\nidempotency_store_duration_seconds_count{operation=\"claim\",store=\"memory\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("\nidempotency_decision_duration_seconds_bucket{le=\"+Inf\"} ", metrics, StringComparison.Ordinal);

        var ads = new Envoy.Service.Discovery.V3.AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(
            EnvoyGrpcChannel.Create(server.Options.ExtProcPort, EnvoyGrpcChannel.XdsCluster));
        using var stream = ads.StreamAggregatedResources();
        // The refusal may surface on the write or on the read, whichever the server's answer overtakes.
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await stream.RequestStream.WriteAsync(new() { Node = new Node { Id = "n", Cluster = "public" }, TypeUrl = TypeUrls.Cluster });
            await stream.ResponseStream.MoveNext(CancellationToken.None);
        });
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task A_policy_edit_reaches_the_enforcement_service()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);
        using var channel = server.EnforcementChannel();
        var reloads = server.Status.Reloads;

        policies.WriteAtomically("idempotency/sessions.yaml", policies.Read("idempotency/sessions.yaml").Replace("maxLength: 255", "maxLength: 4", StringComparison.Ordinal));
        await server.WaitForReloadAsync(reloads);
        var response = await SendHeadersAsync(channel, "create-session", ("x-tenant-id", "t1"), ("idempotency-key", "\"longer-than-four\""));

        Assert.Equal(400, (int)response.ImmediateResponse.Status.Code);
        Assert.Contains("invalid-key", response.ImmediateResponse.Body.ToStringUtf8(), StringComparison.Ordinal);
    }

    /// <summary>The first message Envoy sends on a POST without body, and the service's answer to it.</summary>
    internal static async Task<ProcessingResponse> SendHeadersAsync(GrpcChannel channel, string rule, params (string Name, string Value)[] headers)
    {
        var client = new ExternalProcessor.ExternalProcessorClient(channel);
        var metadata = new Grpc.Core.Metadata { { "x-idempotency-policy", rule }, { "x-idempotency-route", rule } };
        using var call = client.Process(metadata);
        var map = new HeaderMap();
        foreach (var (name, value) in new[] { (":method", "POST"), (":path", "/v1/sessions"), (":authority", "api.example.com"), (":scheme", "http") }.Concat(headers))
        {
            map.Headers.Add(new HeaderValue { Key = name, RawValue = ByteString.CopyFromUtf8(value) });
        }

        await call.RequestStream.WriteAsync(new ProcessingRequest { RequestHeaders = new HttpHeaders { Headers = map, EndOfStream = true } });
        if (!await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            throw new InvalidOperationException("the stream ended without an answer");
        }

        var response = call.ResponseStream.Current;
        await call.RequestStream.CompleteAsync();
        return response;
    }
}
