using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ControlPlane.Tests.Tls;

/// <summary>Certificates made in the test with System.Security.Cryptography: a CA and the leaves it issues.</summary>
internal static class TestPki
{
    public static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>A leaf signed by <paramref name="ca"/>, with the given URI and DNS SANs; valid from yesterday for a day unless told.</summary>
    public static X509Certificate2 Issue(X509Certificate2 ca, string[]? uris = null, string[]? dns = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + (dns?.FirstOrDefault() ?? uris?.FirstOrDefault() ?? "leaf"), key, HashAlgorithmName.SHA256);
        var sans = new SubjectAlternativeNameBuilder();
        foreach (var uri in uris ?? [])
        {
            sans.AddUri(new Uri(uri));
        }

        foreach (var name in dns ?? [])
        {
            sans.AddDnsName(name);
        }

        request.CertificateExtensions.Add(sans.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(ca, notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(1), serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Writes the certificate and its key as PEM, each through a rename as cert-manager's volume swap is atomic.</summary>
    public static (string Certificate, string Key) WritePem(string directory, string name, X509Certificate2 certificate)
    {
        Directory.CreateDirectory(directory);
        var certificatePath = Path.Combine(directory, name + ".crt");
        var keyPath = Path.Combine(directory, name + ".key");
        WriteAtomically(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        WriteAtomically(certificatePath, certificate.ExportCertificatePem());
        return (certificatePath, keyPath);
    }

    public static string WriteCa(string directory, X509Certificate2 ca)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "ca.crt");
        WriteAtomically(path, ca.ExportCertificatePem());
        return path;
    }

    private static void WriteAtomically(string path, string text)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
