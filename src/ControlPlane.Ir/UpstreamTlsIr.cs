namespace ControlPlane.Ir;

/// <summary>TLS from Envoy to a cluster of ours; paths are on the Envoy's host.</summary>
/// <param name="CaFile">PEM CA the server's certificate must chain to.</param>
/// <param name="CertificateFile">Envoy's client certificate, with <paramref name="KeyFile"/>; or null.</param>
/// <param name="SdsDirectory">Instead: a directory Envoy watches, holding the SDS file of its certificate.</param>
/// <param name="Sni">Sent in the ClientHello; none when null.</param>
/// <param name="SubjectAltNames">The server's certificate must carry one; any when empty.</param>
public sealed record UpstreamTlsIr(string CaFile, string? CertificateFile, string? KeyFile, string? SdsDirectory, string? Sni, EquatableArray<string> SubjectAltNames);
