using System.Security.Cryptography.X509Certificates;
using ControlPlane.Testing;
using Grpc.Net.Client;

namespace ControlPlane.Tests.Tls;

/// <summary>
/// A test PKI on disk and a <c>serve</c> host using it: the server's certificate (DNS SAN
/// <c>control-plane.test</c>), and the identity map of istio-style gateway workloads.
/// </summary>
internal sealed class TlsFixture : IAsyncDisposable
{
    public const string ServerSan = "control-plane.test";
    public const string IdentityTemplate = "spiffe://*/ns/{namespace}/sa/{gateway}-envoy";

    private TlsFixture(PolicyDirectory policies, string directory, X509Certificate2 ca)
    {
        Policies = policies;
        Directory = directory;
        Ca = ca;
    }

    public PolicyDirectory Policies { get; }

    public string Directory { get; }

    public X509Certificate2 Ca { get; }

    public RunningServer Server { get; private set; } = null!;

    public (string Certificate, string Key) ServerFiles { get; private set; }

    /// <summary>Starts the host with TLS; with <paramref name="mutual"/>, client certificates from <see cref="Ca"/> and the identity map.</summary>
    public static async Task<TlsFixture> StartAsync(bool mutual = true, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var policies = new PolicyDirectory().WithExamplePolicies();
        var fixture = new TlsFixture(policies, Path.Combine(policies.Root, "..", Path.GetFileName(policies.Root) + "-tls"), TestPki.CreateCa("test-ca"));
        fixture.ServerFiles = TestPki.WritePem(fixture.Directory, "server", TestPki.Issue(fixture.Ca, dns: [ServerSan]));
        var settings = new Dictionary<string, string?>
        {
            ["ControlPlane:Tls:CertificateFile"] = fixture.ServerFiles.Certificate,
            ["ControlPlane:Tls:KeyFile"] = fixture.ServerFiles.Key,
            ["ControlPlane:Tls:PollInterval"] = "00:00:00.250",
        };
        if (mutual)
        {
            settings["ControlPlane:Tls:ClientCaFile"] = TestPki.WriteCa(fixture.Directory, fixture.Ca);
            settings["ControlPlane:Tls:Identities:0:San"] = IdentityTemplate;
            settings["ControlPlane:Tls:Identities:1:San"] = "ops-*.example.test";
            settings["ControlPlane:Tls:Identities:1:Gateways:0"] = "internal";
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        fixture.Server = await RunningServer.StartAsync(policies.Root, settings: settings);
        return fixture;
    }

    /// <summary>A client certificate for a gateway workload: <c>spiffe://cluster.local/ns/edge/sa/{serviceAccount}</c>.</summary>
    public X509Certificate2 Workload(string serviceAccount, X509Certificate2? issuer = null, DateTimeOffset? notAfter = null) =>
        TestPki.Issue(issuer ?? Ca, uris: [$"spiffe://cluster.local/ns/edge/sa/{serviceAccount}"], notAfter: notAfter,
            notBefore: notAfter is { } end ? end.AddDays(-2) : null);

    public EnvoyTls Envoy(X509Certificate2? client, Action<X509Certificate2>? onServerCertificate = null) =>
        new(Ca, client, ExpectedSan: ServerSan, OnServerCertificate: onServerCertificate);

    public GrpcChannel XdsChannel(EnvoyTls tls) => EnvoyGrpcChannel.Create(Server.Options.XdsPort, EnvoyGrpcChannel.XdsCluster, tls);

    public GrpcChannel ExtProcChannel(EnvoyTls tls) => EnvoyGrpcChannel.Create(Server.Options.ExtProcPort, EnvoyGrpcChannel.EnforcementCluster, tls);

    public async Task<string> MetricsAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Server.Options.DebugPort}") };
        return await http.GetStringAsync("/metrics");
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Policies.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
