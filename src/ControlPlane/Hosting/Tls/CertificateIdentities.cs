using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;

namespace ControlPlane.Hosting.Tls;

/// <summary>
/// <c>ControlPlane:Tls:Identities</c>, compiled: which verified client certificates may request which gateway groups.
/// As istiod's checkConnectionIdentity binds a proxy's SPIFFE identity to its namespace and service account, a
/// certificate here is bound to the groups its SAN allows; a certificate no entry matches is allowed nothing.
/// </summary>
internal sealed class CertificateIdentities
{
    private readonly ImmutableArray<Entry> _entries;

    public CertificateIdentities(IEnumerable<TlsIdentityOptions> identities) =>
        _entries = [.. identities.Select(i => new Entry(SanTemplate.Parse(i.San), [.. i.Gateways]))];

    /// <summary>Whether a certificate with <paramref name="sans"/> may request <paramref name="group"/>.</summary>
    public bool Allows(IReadOnlyList<string> sans, string group) =>
        _entries.Any(e => sans.Any(san => e.Template.Matches(san, out var gateway)
            && (gateway is not null ? gateway == group : e.Gateways.Contains("*") || e.Gateways.Contains(group))));

    /// <summary>Whether some entry matches the certificate at all (the enforcement port needs no group).</summary>
    public bool AllowsAny(IReadOnlyList<string> sans) => _entries.Any(e => sans.Any(san => e.Template.Matches(san, out _)));

    public bool Allows(X509Certificate2 certificate, string group) => Allows(SubjectAltNames.Of(certificate), group);

    public bool AllowsAny(X509Certificate2 certificate) => AllowsAny(SubjectAltNames.Of(certificate));

    private sealed record Entry(SanTemplate Template, ImmutableArray<string> Gateways);
}
