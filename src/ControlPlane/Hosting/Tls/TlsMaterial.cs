using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ControlPlane.Hosting.Tls;

/// <summary>One consistent set of files as read: the server certificate with its key, and the client CAs.</summary>
internal sealed record TlsMaterial(X509Certificate2 Certificate, X509Certificate2Collection Intermediates, X509Certificate2Collection ClientCa, string Fingerprint)
{
    /// <exception cref="CryptographicException">A file is not valid PEM, or the key does not match the certificate.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static TlsMaterial Load(TlsOptions options)
    {
        var certificatePem = File.ReadAllText(options.CertificateFile!);
        var keyPem = File.ReadAllText(options.KeyFile!);
        var caPem = options.Mutual ? File.ReadAllText(options.ClientCaFile!) : "";
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(certificatePem);
        if (chain.Count == 0)
        {
            throw new CryptographicException($"{options.CertificateFile} holds no PEM certificate");
        }

        var certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        var intermediates = new X509Certificate2Collection();
        intermediates.AddRange(chain.Skip(1).ToArray());
        var clientCa = new X509Certificate2Collection();
        if (options.Mutual)
        {
            clientCa.ImportFromPem(caPem);
            if (clientCa.Count == 0)
            {
                throw new CryptographicException($"{options.ClientCaFile} holds no PEM certificate");
            }
        }

        // What the files held, so a poll that finds them unchanged swaps nothing.
        var fingerprint = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(certificatePem + "\0" + keyPem + "\0" + caPem)));
        return new TlsMaterial(certificate, intermediates, clientCa, fingerprint);
    }
}
