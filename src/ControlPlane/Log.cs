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

    [LoggerMessage(6, LogLevel.Error, "Reloading the policies in {Directory} failed unexpectedly; the last good config keeps serving.")]
    public static partial void ReloadFailed(ILogger logger, string directory, Exception exception);

    [LoggerMessage(7, LogLevel.Warning, "Watching {Directory} failed ({Reason}); a reload follows and the poll keeps watching.")]
    public static partial void WatchFailed(ILogger logger, string directory, string reason, Exception? exception);

    [LoggerMessage(8, LogLevel.Error, "No valid policy set is being served yet; /readyz answers 503 until one is. Watching {Directory} for a fix.")]
    public static partial void NotReady(ILogger logger, string directory);

    [LoggerMessage(9, LogLevel.Warning, "{Warning}")]
    public static partial void PolicyWarning(ILogger logger, string warning);
}
