using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Grpc.Core;
using Grpc.Net.Client;

namespace ControlPlane.Tests.Tls;

/// <summary>
/// Mutual TLS on the xDS and ext_proc ports: client certificates chain to the client CA only, and a certificate's SAN
/// decides which gateway groups its streams may request (istiod's checkConnectionIdentity).
/// </summary>
public sealed class MutualTlsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_gateway_certificate_receives_its_groups_config_over_h2_with_tls()
    {
        await using var tls = await TlsFixture.StartAsync();
        using var channel = tls.XdsChannel(tls.Envoy(tls.Workload("public-envoy")));

        await using var envoy = await EnvoyLikeClient.ConnectAsync(channel, "public");
        var config = await envoy.ReceiveConfigAsync(TimeSpan.FromMilliseconds(300));

        Assert.Contains(config, r => r.TypeUrl == TypeUrls.Listener);
    }

    [Fact]
    public async Task A_certificate_for_another_gateway_is_denied_and_counted_while_an_allowed_stream_on_the_server_keeps_working()
    {
        await using var tls = await TlsFixture.StartAsync();
        using var allowedChannel = tls.XdsChannel(tls.Envoy(tls.Workload("public-envoy")));
        await using var allowed = await EnvoyLikeClient.ConnectAsync(allowedChannel, "public");
        await allowed.ReceiveConfigAsync(TimeSpan.FromMilliseconds(300));

        using var channel = tls.XdsChannel(tls.Envoy(tls.Workload("internal-envoy")));
        var error = await FirstResponseErrorAsync(channel, "public");

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("may not request gateway group 'public'", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("spiffe://cluster.local/ns/edge/sa/internal-envoy", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("xds_streams_denied_total{} 1", await tls.MetricsAsync(), StringComparison.Ordinal);

        // The same certificate may still request its own group (no snapshot: it waits, unrefused).
        using var ownGroup = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(channel).StreamAggregatedResources();
        await ownGroup.RequestStream.WriteAsync(new DiscoveryRequest { Node = new Node { Id = "n2", Cluster = "internal" }, TypeUrl = TypeUrls.Cluster });
        using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var waited = await Assert.ThrowsAnyAsync<Exception>(() => ownGroup.ResponseStream.MoveNext(quiet.Token));
        Assert.True(waited is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled }, waited.ToString());
        Assert.DoesNotContain("xds_streams_denied_total{} 2", await tls.MetricsAsync(), StringComparison.Ordinal);

        // The allowed stream still gets pushes.
        var reloads = tls.Server.Status.Reloads;
        tls.Policies.WriteAtomically("gateways/public.yaml", tls.Policies.Read("gateways/public.yaml").Replace("port: 8080", "port: 8081", StringComparison.Ordinal));
        await tls.Server.WaitForReloadAsync(reloads);
        var pushed = await allowed.NextOfTypeAsync(TypeUrls.Listener, Wait);
        Assert.Contains(pushed.Resources, r => r.Unpack<Envoy.Config.Listener.V3.Listener>().Address.SocketAddress.PortValue == 8081);
    }

    [Fact]
    public async Task A_unary_fetch_is_bound_to_the_certificate_too()
    {
        await using var tls = await TlsFixture.StartAsync();
        using var channel = tls.XdsChannel(tls.Envoy(tls.Workload("internal-envoy")));
        var clusters = new Envoy.Service.Cluster.V3.ClusterDiscoveryService.ClusterDiscoveryServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await clusters.FetchClustersAsync(new DiscoveryRequest { Node = new Node { Id = "n", Cluster = "public" } }));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("xds_streams_denied_total{} 1", await tls.MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dns_identity_with_a_fixed_gateway_list_is_allowed_those_groups_only()
    {
        await using var tls = await TlsFixture.StartAsync();
        using var channel = tls.XdsChannel(tls.Envoy(TestPki.Issue(tls.Ca, dns: ["ops-1.example.test"])));

        var error = await FirstResponseErrorAsync(channel, "public");

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("ops-1.example.test", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_client_certificate_fails_the_handshake()
    {
        await using var tls = await TlsFixture.StartAsync();
        using var channel = tls.XdsChannel(tls.Envoy(tls.Workload("public-envoy", notAfter: DateTimeOffset.UtcNow.AddMinutes(-5))));

        await AssertConnectionRefusedAsync(tls, channel);
    }

    [Fact]
    public async Task A_client_certificate_from_an_untrusted_ca_fails_the_handshake()
    {
        await using var tls = await TlsFixture.StartAsync();
        var foreign = TestPki.CreateCa("test-ca");
        using var channel = tls.XdsChannel(tls.Envoy(tls.Workload("public-envoy", issuer: foreign)));

        await AssertConnectionRefusedAsync(tls, channel);
    }

    [Fact]
    public async Task A_client_without_a_certificate_fails_the_handshake()
    {
        await using var tls = await TlsFixture.StartAsync();
        using var channel = tls.XdsChannel(tls.Envoy(client: null));

        await AssertConnectionRefusedAsync(tls, channel);
        Assert.DoesNotContain("xds_streams_active 1", await tls.MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_enforcement_port_serves_a_mapped_certificate_and_denies_an_unmapped_one()
    {
        await using var tls = await TlsFixture.StartAsync();
        using var allowed = tls.ExtProcChannel(tls.Envoy(tls.Workload("public-envoy")));
        using var unmapped = tls.ExtProcChannel(tls.Envoy(TestPki.Issue(tls.Ca, uris: ["spiffe://cluster.local/ns/edge/sa/batch-job"])));

        var answer = await ServeEnforcementTests.SendHeadersAsync(allowed, "create-session", ("x-tenant-id", "t1"));
        var error = await Assert.ThrowsAsync<RpcException>(() => ServeEnforcementTests.SendHeadersAsync(unmapped, "create-session", ("x-tenant-id", "t1")));

        Assert.Equal(400, (int)answer.ImmediateResponse.Status.Code);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("extproc_calls_denied_total{} 1", await tls.MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_port_stays_plain_http()
    {
        await using var tls = await TlsFixture.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{tls.Server.Options.AdminPort}") };

        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }

    /// <summary>
    /// The handshake fails, so no stream opens. With TLS 1.3 the client's side of the handshake completes first, so the
    /// server's refusal may surface as a failed connection on the first write or the first read.
    /// </summary>
    private static async Task AssertConnectionRefusedAsync(TlsFixture tls, GrpcChannel channel)
    {
        using var stream = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(channel).StreamAggregatedResources();
        using var timeout = new CancellationTokenSource(Wait);
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await stream.RequestStream.WriteAsync(new DiscoveryRequest { Node = new Node { Id = "refused", Cluster = "public" }, TypeUrl = TypeUrls.Cluster });
            await stream.ResponseStream.MoveNext(timeout.Token);
        });

        Assert.True(error is RpcException { StatusCode: StatusCode.Unavailable or StatusCode.Internal } or HttpRequestException or IOException, error.ToString());
        Assert.DoesNotContain("xds_streams_active 1", await tls.MetricsAsync(), StringComparison.Ordinal);
    }

    /// <summary>The status a fresh ADS stream for <paramref name="group"/> ends with; the handshake's failure surfaces here too.</summary>
    internal static async Task<RpcException> FirstResponseErrorAsync(GrpcChannel channel, string group)
    {
        using var stream = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(channel).StreamAggregatedResources();
        using var timeout = new CancellationTokenSource(Wait);
        return await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await stream.RequestStream.WriteAsync(new DiscoveryRequest { Node = new Node { Id = group + "-node", Cluster = group }, TypeUrl = TypeUrls.Cluster });
            await stream.ResponseStream.MoveNext(timeout.Token);
        });
    }
}
