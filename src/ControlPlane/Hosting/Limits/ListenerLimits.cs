namespace ControlPlane.Hosting.Limits;

/// <summary>What one gRPC listener allows a client; a client over a limit is refused alone, others are untouched.</summary>
internal sealed class ListenerLimits
{
    /// <summary>Open connections at once; one more is closed at accept. 0: no limit.</summary>
    public int MaxConnections { get; set; }

    /// <summary>
    /// Concurrent HTTP/2 streams per connection (gRPC calls). Advertised in SETTINGS_MAX_CONCURRENT_STREAMS, so a
    /// compliant client (Envoy's connection pool) opens another connection instead of exceeding it.
    /// </summary>
    public int MaxStreamsPerConnection { get; set; } = 1000;

    /// <summary>
    /// Requests per second per connection: each new call and each message a call receives, as a token bucket holding
    /// one second's worth. 0: no limit.
    /// </summary>
    public int MaxRequestsPerSecondPerConnection { get; set; }
}
