namespace ControlPlane.Xds;

/// <summary>Limits that keep one misbehaving client from hurting the others.</summary>
public sealed class XdsServerOptions
{
    /// <summary>Where the host binds these from (appsettings.json, <c>CONTROLPLANE__XDS__MAXREQUESTBYTES</c>); messages name keys by it.</summary>
    public const string Section = "ControlPlane:Xds";

    /// <summary>Port of the xDS gRPC endpoint (HTTP/2 cleartext).</summary>
    public int Port { get; set; } = 18000;

    /// <summary>Largest request message accepted; Envoy's requests are small, a NACK's error text included.</summary>
    public int MaxRequestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most resource names one request may subscribe to.</summary>
    public int MaxResourceNamesPerRequest { get; set; } = 10_000;

    /// <summary>Longest node id, node cluster or resource name accepted.</summary>
    public int MaxNameLength { get; set; } = 1024;

    /// <summary>
    /// Most gateway groups without a published snapshot that streams may wait on at once. A client may name any
    /// <c>node.cluster</c>; over the cap, a stream naming yet another unknown group is refused with RESOURCE_EXHAUSTED.
    /// </summary>
    public int MaxUnknownGroups { get; set; } = 1000;
}
