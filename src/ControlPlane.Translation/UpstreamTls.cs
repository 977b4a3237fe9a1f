using System.Collections.Immutable;

namespace ControlPlane.Translation;

/// <summary>
/// TLS from Envoy to a cluster of ours (the control plane, the enforcement service): the CA the server's certificate
/// must chain to, the SANs it must carry, the name sent as SNI, and Envoy's own client certificate, from files or
/// from an SDS file in a watched directory (so a rotated certificate is picked up without a restart).
/// </summary>
/// <param name="CaFile">PEM CA bundle (<c>validation_context.trusted_ca</c>).</param>
public sealed record UpstreamTls(string CaFile)
{
    /// <summary>The secret name an SDS file under <see cref="SdsDirectory"/> must define.</summary>
    public const string SdsSecretName = "xds-certificate";

    /// <summary>The SDS file's name under <see cref="SdsDirectory"/>.</summary>
    public const string SdsFileName = "xds-certificate.yaml";

    /// <summary>PEM client certificate chain; with <see cref="KeyFile"/>.</summary>
    public string? CertificateFile { get; init; }

    public string? KeyFile { get; init; }

    /// <summary>Instead of the two files: a directory holding <see cref="SdsFileName"/>, watched by Envoy.</summary>
    public string? SdsDirectory { get; init; }

    /// <summary>SNI; none when null.</summary>
    public string? Sni { get; init; }

    /// <summary>The server certificate must carry one of these (a <c>scheme://</c> value is a URI SAN, else DNS); any when empty.</summary>
    public ImmutableArray<string> SubjectAltNames { get; init; } = [];

    public static UpstreamTls From(Ir.UpstreamTlsIr tls) => new(tls.CaFile)
    {
        CertificateFile = tls.CertificateFile,
        KeyFile = tls.KeyFile,
        SdsDirectory = tls.SdsDirectory,
        Sni = tls.Sni,
        SubjectAltNames = [.. tls.SubjectAltNames],
    };
}
