using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ControlPlane.Hosting.Limits;

/// <summary>
/// Per-listener connection limits, as Kestrel connection middleware: Kestrel's own MaxConcurrentConnections and
/// Http2.MaxStreamsPerConnection are server-wide, and xDS and ext_proc clients connect very differently.
/// </summary>
internal static class ConnectionLimits
{
    /// <summary>
    /// What HTTP/2 SETTINGS advertise on every connection (Kestrel has one value for the server): the largest of the
    /// served listeners' limits, so no compliant client of either is refused; a listener with a lower limit refuses
    /// the streams above it itself (<see cref="StreamLimits"/>).
    /// </summary>
    public static int AdvertisedStreamsPerConnection(ServeOptions options) => Math.Max(
        options.ServesXds ? options.Limits.Xds.MaxStreamsPerConnection : 1,
        options.ServesExtProc ? options.Limits.ExtProc.MaxStreamsPerConnection : 1);

    /// <summary>
    /// Closes a connection over <see cref="ListenerLimits.MaxConnections"/> at accept, before TLS or HTTP/2 cost
    /// anything, and gives every other one its <see cref="ConnectionBudget"/>. Call before any other middleware.
    /// </summary>
    public static void Apply(ListenOptions listen, Listener listener, ListenerLimits limits) => listen.Use(next =>
    {
        // Built when Kestrel binds, once per listener: the count lives as long as the listener, no longer.
        var services = listen.ApplicationServices;
        var metrics = services.GetRequiredService<LimitMetrics>();
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConnectionLimits).FullName!);
        var open = 0;
        return async connection =>
        {
            if (Interlocked.Increment(ref open) > limits.MaxConnections && limits.MaxConnections > 0)
            {
                Interlocked.Decrement(ref open);
                metrics.Refused(listener, LimitKind.Connections);
                LimitsLog.ConnectionRefused(logger, listener, connection.RemoteEndPoint?.ToString() ?? "?", limits.MaxConnections);
                connection.Abort(new ConnectionAbortedException($"over {listener} MaxConnections {limits.MaxConnections}"));
                return;
            }

            metrics.ConnectionOpened(listener);
            try
            {
                connection.Items[typeof(ConnectionBudget)] = new ConnectionBudget(listener, limits, time);
                await next(connection).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref open);
                metrics.ConnectionClosed(listener);
            }
        };
    });
}
