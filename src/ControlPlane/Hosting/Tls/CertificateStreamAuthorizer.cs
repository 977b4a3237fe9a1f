using ControlPlane.Xds;
using Envoy.Config.Core.V3;
using Grpc.Core;

namespace ControlPlane.Hosting.Tls;

/// <summary>
/// Binds an xDS stream's <c>node.cluster</c> to the connection's client certificate (verified against the client CA
/// during the handshake): a certificate may request only the gateway groups <see cref="CertificateIdentities"/> allows.
/// </summary>
internal sealed class CertificateStreamAuthorizer(CertificateIdentities identities) : IXdsStreamAuthorizer
{
    public string? Deny(Node node, ServerCallContext context)
    {
        var certificate = context.GetHttpContext().Connection.ClientCertificate;
        if (certificate is null)
        {
            return "a client certificate is required";
        }

        var sans = SubjectAltNames.Of(certificate);
        return identities.Allows(sans, node.Cluster)
            ? null
            : $"the client certificate ({Describe(sans)}) may not request gateway group '{Truncate(node.Cluster)}'";
    }

    public static string Describe(IReadOnlyList<string> sans) =>
        sans.Count == 0 ? "no URI or DNS SAN" : string.Join(", ", sans.Take(4).Select(s => Truncate(s)));

    // Both are client input: quoted, never at length.
    private static string Truncate(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
