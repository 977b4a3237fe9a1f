namespace ControlPlane;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Error, "{Error}")]
    public static partial void PolicyError(ILogger logger, string error);

    [LoggerMessage(2, LogLevel.Error, "Policies in {Directory} rejected with {Count} errors; the last good config keeps serving.")]
    public static partial void ReloadRejected(ILogger logger, string directory, int count);

    [LoggerMessage(3, LogLevel.Information, "Policies in {Directory} applied: {Gateways} gateways, {Rules} idempotency rules.")]
    public static partial void ReloadApplied(ILogger logger, string directory, int gateways, int rules);

    [LoggerMessage(4, LogLevel.Information, "Watching {Directory} for policy changes.")]
    public static partial void Watching(ILogger logger, string directory);

    [LoggerMessage(5, LogLevel.Information, "Serving role {Role}: xDS on {XdsPort}, ext_proc on {ExtProcPort}, admin on {AdminPort}.")]
    public static partial void Serving(ILogger logger, string role, string xdsPort, string extProcPort, int adminPort);
}
