using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;

namespace ControlPlane.Tests.Tls;

/// <summary>cert-manager rotates the server certificate in place: streams stay open, new connections see the new one.</summary>
public sealed class CertificateRotationTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_stream_opened_before_a_rotation_keeps_receiving_pushes_and_a_new_connection_sees_the_new_certificate()
    {
        await using var tls = await TlsFixture.StartAsync();
        var seen = new ConcurrentQueue<string>();
        var client = tls.Workload("public-envoy");
        using var before = tls.XdsChannel(tls.Envoy(client, c => seen.Enqueue(c.Thumbprint)));
        await using var envoy = await EnvoyLikeClient.ConnectAsync(before, "public");
        await envoy.ReceiveConfigAsync(TimeSpan.FromMilliseconds(300));
        var original = Assert.Single(seen);

        var rotated = TestPki.Issue(tls.Ca, dns: [TlsFixture.ServerSan]);
        TestPki.WritePem(tls.Directory, "server", rotated);
        var after = await NewConnectionSeesAsync(tls, client, rotated.Thumbprint);

        var reloads = tls.Server.Status.Reloads;
        tls.Policies.WriteAtomically("gateways/public.yaml", tls.Policies.Read("gateways/public.yaml").Replace("port: 8080", "port: 8081", StringComparison.Ordinal));
        await tls.Server.WaitForReloadAsync(reloads);
        var pushed = await envoy.NextOfTypeAsync(TypeUrls.Listener, Wait);

        Assert.NotEqual(original, rotated.Thumbprint);
        Assert.True(after);
        Assert.Single(seen);
        Assert.Contains(pushed.Resources, r => r.Unpack<Envoy.Config.Listener.V3.Listener>().Address.SocketAddress.PortValue == 8081);
        var metrics = await tls.MetricsAsync();
        Assert.Contains("tls_certificate_reloads_total{outcome=\"applied\"}", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("tls_certificate_reloads_total{outcome=\"applied\"} 0\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_new_certificate_file_keeps_the_old_certificate_and_is_counted_once()
    {
        await using var tls = await TlsFixture.StartAsync();
        Assert.Contains("tls_certificate_reloads_total{outcome=\"failed\"} 0\n", await tls.MetricsAsync(), StringComparison.Ordinal);
        var client = tls.Workload("public-envoy");
        var served = new ConcurrentQueue<string>();
        using (var first = tls.XdsChannel(tls.Envoy(client, c => served.Enqueue(c.Thumbprint))))
        {
            await HandshakeAsync(first);
        }

        File.WriteAllText(tls.ServerFiles.Certificate + ".new", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        File.Move(tls.ServerFiles.Certificate + ".new", tls.ServerFiles.Certificate, overwrite: true);
        var deadline = DateTime.UtcNow + Wait;
        // The series exists at zero from the start: wait for the count, not for the series.
        while (!(await tls.MetricsAsync()).Contains("tls_certificate_reloads_total{outcome=\"failed\"} 1\n", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "the bad file was never noticed");
            await Task.Delay(50);
        }

        // Polls that find the same bad file again report nothing more.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Contains("tls_certificate_reloads_total{outcome=\"failed\"} 1\n", await tls.MetricsAsync(), StringComparison.Ordinal);

        var later = new ConcurrentQueue<string>();
        using var second = tls.XdsChannel(tls.Envoy(client, c => later.Enqueue(c.Thumbprint)));
        await using var envoy = await EnvoyLikeClient.ConnectAsync(second, "public");
        await envoy.ReceiveConfigAsync(TimeSpan.FromMilliseconds(200));

        Assert.Equal(Assert.Single(served), Assert.Single(later));
    }

    [Fact]
    public async Task A_rotated_client_ca_is_trusted_by_new_handshakes_and_the_old_one_no_longer()
    {
        await using var tls = await TlsFixture.StartAsync();
        var next = TestPki.CreateCa("next-ca");
        var oldClient = tls.Workload("public-envoy");
        var newClient = tls.Workload("public-envoy", issuer: next);

        TestPki.WriteCa(tls.Directory, next);
        var deadline = DateTime.UtcNow + Wait;
        while (!await HandshakeSucceedsAsync(tls, newClient))
        {
            Assert.True(DateTime.UtcNow < deadline, "the new client CA was never picked up");
            await Task.Delay(50);
        }

        Assert.False(await HandshakeSucceedsAsync(tls, oldClient));
    }

    private static async Task<bool> HandshakeSucceedsAsync(TlsFixture tls, X509Certificate2 client)
    {
        using var channel = tls.XdsChannel(tls.Envoy(client));
        try
        {
            await HandshakeAsync(channel);
            return true;
        }
        catch (Exception e) when (e is Grpc.Core.RpcException or HttpRequestException or IOException)
        {
            return false;
        }
    }

    /// <summary>Opens fresh connections until one is handed <paramref name="thumbprint"/> (the reload follows a file event or the poll).</summary>
    private static async Task<bool> NewConnectionSeesAsync(TlsFixture tls, X509Certificate2 client, string thumbprint)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            var seen = new ConcurrentQueue<string>();
            using var channel = tls.XdsChannel(tls.Envoy(client, c => seen.Enqueue(c.Thumbprint)));
            await HandshakeAsync(channel);
            if (seen.Contains(thumbprint))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    /// <summary>A stream's first response: the connection and its handshake are done.</summary>
    private static async Task HandshakeAsync(Grpc.Net.Client.GrpcChannel channel)
    {
        using var stream = new Envoy.Service.Discovery.V3.AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(channel).StreamAggregatedResources();
        await stream.RequestStream.WriteAsync(new() { Node = new() { Id = "handshake", Cluster = "public" }, TypeUrl = TypeUrls.Cluster });
        using var timeout = new CancellationTokenSource(Wait);
        Assert.True(await stream.ResponseStream.MoveNext(timeout.Token));
    }
}
