namespace ControlPlane.Hosting.Tls;

/// <summary>
/// TLS on the xDS and ext_proc ports (never the admin port: kubelet probes speak plain HTTP). Off unless
/// <see cref="CertificateFile"/> is set; mutual TLS when <see cref="ClientCaFile"/> is set too.
/// </summary>
internal sealed class TlsOptions
{
    /// <summary>Where the host binds these from: <c>ControlPlane:Tls:CertificateFile</c>, <c>CONTROLPLANE__TLS__CLIENTCAFILE</c>.</summary>
    public const string Section = "ControlPlane:Tls";

    /// <summary>PEM server certificate, optionally followed by its intermediates (<c>--tls-cert</c>).</summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM private key of the certificate (<c>--tls-key</c>).</summary>
    public string? KeyFile { get; set; }

    /// <summary>PEM CA certificates that client certificates must chain to, and only to (<c>--client-ca</c>).</summary>
    public string? ClientCaFile { get; set; }

    /// <summary>Safety net for missed file events; the files are also watched.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Which client certificates may request which gateway groups; required with a client CA.</summary>
    public List<TlsIdentityOptions> Identities { get; set; } = [];

    public bool Enabled => !string.IsNullOrEmpty(CertificateFile);

    public bool Mutual => Enabled && !string.IsNullOrEmpty(ClientCaFile);
}

/// <summary>One entry of <c>ControlPlane:Tls:Identities</c>: a SAN template and the gateway groups it may request.</summary>
internal sealed class TlsIdentityOptions
{
    /// <summary>
    /// A URI or DNS SAN template: <c>*</c> matches any text within one path segment, <c>{name}</c> captures a segment
    /// part, and <c>{gateway}</c> must equal the node's <c>node.cluster</c>
    /// (e.g. <c>spiffe://*/ns/{namespace}/sa/{gateway}-envoy</c>).
    /// </summary>
    public string San { get; set; } = "";

    /// <summary>Instead of a <c>{gateway}</c> capture: the groups this identity may request (<c>*</c> = any).</summary>
    public List<string> Gateways { get; set; } = [];
}
