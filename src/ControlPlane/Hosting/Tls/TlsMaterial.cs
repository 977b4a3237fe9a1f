using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ControlPlane.Hosting.Tls;

/// <summary>One consistent set of files as read: the server certificate with its key, and the client CAs.</summary>
internal sealed record TlsMaterial(X509Certificate2 Certificate, X509Certificate2Collection Intermediates, X509Certificate2Collection ClientCa, string Fingerprint)
{
    /// <exception cref="CryptographicException">A file is not valid PEM, or the key does not match the certificate.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static TlsMaterial Load(TlsOptions options) => Parse(TlsFiles.Read(options), options);

    /// <exception cref="CryptographicException">A file is not valid PEM, or the key does not match the certificate.</exception>
    public static TlsMaterial Parse(TlsFiles files, TlsOptions options)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(files.Certificate);
        if (chain.Count == 0)
        {
            throw new CryptographicException($"{options.CertificateFile} holds no PEM certificate");
        }

        var certificate = X509Certificate2.CreateFromPem(files.Certificate, files.Key);
        var intermediates = new X509Certificate2Collection();
        intermediates.AddRange(chain.Skip(1).ToArray());
        var clientCa = new X509Certificate2Collection();
        if (options.Mutual)
        {
            clientCa.ImportFromPem(files.ClientCa);
            if (clientCa.Count == 0)
            {
                throw new CryptographicException($"{options.ClientCaFile} holds no PEM certificate");
            }
        }

        return new TlsMaterial(certificate, intermediates, clientCa, files.Fingerprint);
    }
}

/// <summary>The TLS files' text as read, and a hash of it: a poll that finds what it saw last (served or refused) does nothing.</summary>
internal sealed record TlsFiles(string Certificate, string Key, string ClientCa, string Fingerprint)
{
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static TlsFiles Read(TlsOptions options)
    {
        var certificate = File.ReadAllText(options.CertificateFile!);
        var key = File.ReadAllText(options.KeyFile!);
        var clientCa = options.Mutual ? File.ReadAllText(options.ClientCaFile!) : "";
        var fingerprint = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(certificate + "\0" + key + "\0" + clientCa)));
        return new TlsFiles(certificate, key, clientCa, fingerprint);
    }
}
