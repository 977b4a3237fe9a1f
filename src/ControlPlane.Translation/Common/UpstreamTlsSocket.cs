using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf.WellKnownTypes;

namespace ControlPlane.Translation.Common;

/// <summary>A cluster's <c>transport_socket</c> for <see cref="UpstreamTls"/>.</summary>
internal static class UpstreamTlsSocket
{
    public const string Name = "envoy.transport_sockets.tls";

    public static TransportSocket Build(UpstreamTls tls)
    {
        var common = new CommonTlsContext
        {
            // Envoy's client default stops at TLS 1.2; our servers prefer 1.3.
            TlsParams = new TlsParameters
            {
                TlsMinimumProtocolVersion = TlsParameters.Types.TlsProtocol.Tlsv12,
                TlsMaximumProtocolVersion = TlsParameters.Types.TlsProtocol.Tlsv13,
            },
            ValidationContext = new CertificateValidationContext { TrustedCa = new DataSource { Filename = tls.CaFile } },

            // gRPC: the server must pick HTTP/2 (our listeners offer only h2).
            AlpnProtocols = { "h2" },
        };
        common.ValidationContext.MatchTypedSubjectAltNames.AddRange(tls.SubjectAltNames.Select(SanMatcher));
        if (tls.SdsDirectory is { } directory)
        {
            common.TlsCertificateSdsSecretConfigs.Add(new SdsSecretConfig
            {
                Name = UpstreamTls.SdsSecretName,
                SdsConfig = new ConfigSource
                {
                    PathConfigSource = new PathConfigSource
                    {
                        Path = Path.Combine(directory, UpstreamTls.SdsFileName),
                        // A Kubernetes volume swaps its ..data symlink: watching the directory sees the move.
                        WatchedDirectory = new WatchedDirectory { Path = directory },
                    },
                    ResourceApiVersion = ApiVersion.V3,
                },
            });
        }
        else if (tls.CertificateFile is { } certificate)
        {
            common.TlsCertificates.Add(new TlsCertificate
            {
                CertificateChain = new DataSource { Filename = certificate },
                PrivateKey = new DataSource { Filename = tls.KeyFile },
            });
        }

        var context = new UpstreamTlsContext { CommonTlsContext = common, Sni = tls.Sni ?? "" };
        return new TransportSocket { Name = Name, TypedConfig = Any.Pack(context) };
    }

    private static SubjectAltNameMatcher SanMatcher(string san) => new()
    {
        SanType = san.Contains("://", StringComparison.Ordinal) ? SubjectAltNameMatcher.Types.SanType.Uri : SubjectAltNameMatcher.Types.SanType.Dns,
        Matcher = new StringMatcher { Exact = san },
    };
}
