namespace ControlPlane.Translation;

/// <summary>What <c>bootstrap --gateway NAME [--node-id ID] [--xds-address HOST:PORT] [--sotw]</c> asks for.</summary>
/// <param name="GatewayName">Becomes <c>node.cluster</c>, which selects the gateway's snapshot.</param>
public sealed record BootstrapOptions(string GatewayName)
{
    public const string DefaultXdsAddress = "127.0.0.1:18000";

    public const string DefaultAdminAddress = "127.0.0.1:9901";

    /// <summary>
    /// Null leaves <c>node.id</c> out, so each Envoy must be started with its own <c>--service-node ID</c> (Envoy refuses
    /// to start an ADS client without an id). Envoy expands no variables in its bootstrap, and one file shared by
    /// replicas would otherwise give them all the same id.
    /// </summary>
    public string? NodeId { get; init; }

    /// <summary>The control plane's xDS endpoint (HTTP/2 cleartext), <c>HOST:PORT</c> or <c>[IPv6]:PORT</c>.</summary>
    public string XdsAddress { get; init; } = DefaultXdsAddress;

    /// <summary>State-of-the-world ADS instead of the default delta ADS.</summary>
    public bool UseSotw { get; init; }

    /// <summary>Envoy's admin interface; loopback by default because it can change Envoy's state.</summary>
    public string AdminAddress { get; init; } = DefaultAdminAddress;

    public TimeSpan XdsConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>TLS (and a client certificate) to the control plane; plain h2c when null.</summary>
    public UpstreamTls? XdsTls { get; init; }
}
