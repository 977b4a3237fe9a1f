namespace ControlPlane.Hosting.Debug;

internal static partial class DebugLog
{
    public static void DebugServing(ILogger logger, string address, int port, DebugAccessOptions access) =>
        DebugServing(logger, address, port, DebugToken.Read(access) is { Length: > 0 } ? "a bearer token" : "no token (loopback only)");

    // Ids from 40: the host's Log class numbers from 1.
    [LoggerMessage(40, LogLevel.Information, "Debug endpoints (/status, /metrics) on {Address}:{Port}, requiring {Access}.")]
    private static partial void DebugServing(ILogger logger, string address, int port, string access);
}
