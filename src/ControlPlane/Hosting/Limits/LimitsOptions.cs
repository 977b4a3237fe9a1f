namespace ControlPlane.Hosting.Limits;

/// <summary>
/// <c>ControlPlane:Limits</c>, per gRPC listener. The defaults are sized so that no legitimate Envoy fleet meets
/// them: an Envoy opens one ADS stream on its xDS connection, and one ext_proc stream per HTTP request, many at once,
/// on a connection per worker thread (a call and its messages, headers and bodies both ways, take about five tokens).
/// An Envoy's ADS stream sends about ten requests at start and a few per push; the xDS rate leaves room for an L7
/// proxy that carries many Envoys' streams on one connection.
/// </summary>
internal sealed class LimitsOptions
{
    public ListenerLimits Xds { get; set; } = new() { MaxConnections = 10_000, MaxRequestsPerSecondPerConnection = 1_000 };

    public ListenerLimits ExtProc { get; set; } = new() { MaxConnections = 100_000, MaxRequestsPerSecondPerConnection = 200_000 };

    public ListenerLimits For(Listener listener) => listener == Listener.Xds ? Xds : ExtProc;
}
