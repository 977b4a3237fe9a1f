using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace ControlPlane.Hosting.Tls;

/// <summary>
/// The URI and DNS names of a certificate's subjectAltName extension (RFC 5280 §4.2.1.6): what SPIFFE and cert-manager
/// put identities in. .NET enumerates DNS names and IPs only, so the GeneralNames are read here.
/// </summary>
internal static class SubjectAltNames
{
    private const string Oid = "2.5.29.17";
    private static readonly Asn1Tag DnsName = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag UniformResourceIdentifier = new(TagClass.ContextSpecific, 6);

    public static IReadOnlyList<string> Of(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.FirstOrDefault(e => e.Oid?.Value == Oid);
        if (extension is null)
        {
            return [];
        }

        var names = new List<string>();
        try
        {
            var sequence = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var tag = sequence.PeekTag();
                if (tag == DnsName || tag == UniformResourceIdentifier)
                {
                    names.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                }
                else
                {
                    sequence.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            // A malformed extension names no identity; the certificate then matches no entry.
            return [];
        }

        return names;
    }
}
