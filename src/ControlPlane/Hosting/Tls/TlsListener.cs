using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace ControlPlane.Hosting.Tls;

/// <summary>Puts TLS (and, with a client CA, mutual TLS) on a gRPC listener, from <see cref="ServerCertificates"/>.</summary>
internal static class TlsListener
{
    /// <summary>A no-op unless <c>ControlPlane:Tls:CertificateFile</c> is set; the listener then speaks h2 over TLS 1.2+ only.</summary>
    public static void Apply(ListenOptions listen)
    {
        var services = listen.KestrelServerOptions.ApplicationServices;
        if (services.GetService<ServerCertificates>() is not { } certificates)
        {
            return;
        }

        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TlsOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();

        // gRPC needs HTTP/2; over TLS Kestrel offers it by ALPN ("h2"), as Envoy's gRPC client asks.
        listen.Protocols = HttpProtocols.Http2;
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            // Read per handshake, so a rotated certificate reaches new connections and open ones are left alone.
            ServerCertificateSelector = (_, _) => certificates.Current.Certificate,
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateMode = options.Mutual ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.NoCertificate,
            CheckCertificateRevocation = false,
            ClientCertificateValidation = options.Mutual ? (certificate, presented, _) => ChainsToClientCa(certificate, presented, certificates.Current, time) : null,
        });
    }

    /// <summary>
    /// Only the configured CA is trusted (never the system store), at the current time, so an expired or foreign
    /// certificate fails the handshake. Kestrel's own verdict (against the system roots) is ignored.
    /// </summary>
    internal static bool ChainsToClientCa(X509Certificate2 certificate, X509Chain? presented, TlsMaterial material, TimeProvider time)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(material.ClientCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (presented is not null)
        {
            // Intermediates the client sent; they are trusted only if they chain to the CA.
            foreach (var element in presented.ChainElements.Skip(1))
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate);
    }
}
