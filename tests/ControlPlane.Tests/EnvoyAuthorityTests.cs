using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using ControlPlane.Testing;

namespace ControlPlane.Tests;

/// <summary>
/// Envoy's gRPC client sends <c>:authority</c> = the cluster name, and behind a Service or a port-forward dials a port
/// that is not ours: each service is bound to its listener by the connection's local port, never by the Host header.
/// </summary>
public sealed class EnvoyAuthorityTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    [Theory]
    [InlineData(EnvoyGrpcChannel.XdsCluster)]
    [InlineData("anything.example:9999")]
    public async Task Ads_answers_whatever_authority_envoy_sends(string authority)
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);
        using var channel = EnvoyGrpcChannel.Create(server.Options.XdsPort, authority);
        await using var envoy = await EnvoyLikeClient.ConnectAsync(channel, "public");

        var config = await envoy.ReceiveConfigAsync(Quiet);

        Assert.Equal([TypeUrls.Cluster, TypeUrls.Endpoint, TypeUrls.Listener, TypeUrls.Route], config.Select(r => r.TypeUrl).Distinct());
    }

    [Fact]
    public async Task Both_services_answer_behind_a_port_forward()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);
        await using var xdsForward = new TcpForwarder(server.Options.XdsPort);
        await using var extProcForward = new TcpForwarder(server.Options.ExtProcPort);
        Assert.NotEqual(server.Options.XdsPort, xdsForward.Port);

        using var xds = EnvoyGrpcChannel.Create(xdsForward.Port, EnvoyGrpcChannel.XdsCluster);
        await using var envoy = await EnvoyLikeClient.ConnectAsync(xds, "public");
        Assert.Contains(await envoy.ReceiveConfigAsync(Quiet), r => r.TypeUrl == TypeUrls.Route);

        using var extProc = EnvoyGrpcChannel.Create(extProcForward.Port, EnvoyGrpcChannel.EnforcementCluster);
        var answer = await FirstAnswerAsync(extProc);
        Assert.Equal(ProcessingResponse.ResponseOneofCase.ImmediateResponse, answer.ResponseCase);
        Assert.Equal(400, (int)answer.ImmediateResponse.Status.Code);
    }

    [Fact]
    public async Task A_service_is_not_reachable_on_another_listener_whatever_the_authority_says()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);

        // The Host header names the xDS port, the connection arrives on the ext_proc port: still not xDS.
        using var wrongPort = EnvoyGrpcChannel.Create(server.Options.ExtProcPort, $"127.0.0.1:{server.Options.XdsPort}");
        using var stream = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(wrongPort).StreamAggregatedResources();
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await stream.RequestStream.WriteAsync(new DiscoveryRequest { Node = new Node { Id = "n", Cluster = "public" }, TypeUrl = TypeUrls.Cluster });
            await stream.ResponseStream.MoveNext(CancellationToken.None);
        });
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);

        using var extProcOnXds = EnvoyGrpcChannel.Create(server.Options.XdsPort, $"127.0.0.1:{server.Options.ExtProcPort}");
        var refused = await Assert.ThrowsAsync<RpcException>(() => FirstAnswerAsync(extProcOnXds));
        Assert.Equal(StatusCode.Unimplemented, refused.StatusCode);
    }

    [Fact]
    public void The_fakes_name_the_clusters_the_product_generates()
    {
        Assert.Equal(ControlPlane.Translation.BootstrapGenerator.XdsClusterName, EnvoyGrpcChannel.XdsCluster);
        Assert.Equal(ControlPlane.Ir.EnforcementContract.ClusterName, EnvoyGrpcChannel.EnforcementCluster);
    }

    /// <summary>A keyless POST's headers: the example policy requires a key, so the answer is an immediate 400.</summary>
    private static Task<ProcessingResponse> FirstAnswerAsync(GrpcChannel channel) =>
        ServeEnforcementTests.SendHeadersAsync(channel, "create-session", ("x-tenant-id", "t1"));
}
