using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace ControlPlane.Testing;

/// <summary>
/// Envoy's side of TLS to a cluster, as an <c>UpstreamTlsContext</c> configures it: trust only the given CA
/// (<c>validation_context.trusted_ca</c>), optionally require a SAN (<c>match_typed_subject_alt_names</c>), present
/// a client certificate (<c>tls_certificates</c>), send <c>sni</c>, offer h2 by ALPN, TLS 1.2 or 1.3.
/// </summary>
/// <param name="OnServerCertificate">Sees each certificate the server presents (a test can tell a rotation).</param>
internal sealed record EnvoyTls(
    X509Certificate2 ServerCa,
    X509Certificate2? ClientCertificate = null,
    string? Sni = null,
    string? ExpectedSan = null,
    Action<X509Certificate2>? OnServerCertificate = null)
{
    public SslClientAuthenticationOptions ClientOptions(string authority) => new()
    {
        TargetHost = Sni ?? authority,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ApplicationProtocols = [SslApplicationProtocol.Http2],
        ClientCertificates = ClientCertificate is null ? null : new X509CertificateCollection { ClientCertificate },

        // Envoy presents its configured certificate whatever CA names the server lists.
        LocalCertificateSelectionCallback = ClientCertificate is null ? null : (_, _, _, _, _) => ClientCertificate,
        RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 server && Verify(server),
    };

    private bool Verify(X509Certificate2 server)
    {
        OnServerCertificate?.Invoke(server);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ServerCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server) && (ExpectedSan is null || server.MatchesHostname(ExpectedSan));
    }
}
