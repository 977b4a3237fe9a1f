namespace ControlPlane.Hosting.Limits;

// Debug level: a client hammering a limit must not flood the log; limits_refused_total counts every refusal.
internal static partial class LimitsLog
{
    [LoggerMessage(50, LogLevel.Debug, "Refused a {Listener} connection from {Peer}: MaxConnections {Max} are open.")]
    public static partial void ConnectionRefused(ILogger logger, Listener listener, string peer, int max);

    [LoggerMessage(51, LogLevel.Debug, "Refused a {Listener} stream from {Peer}: over {Limit}.")]
    public static partial void StreamRefused(ILogger logger, Listener listener, string peer, string limit);
}
