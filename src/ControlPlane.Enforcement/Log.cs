using Microsoft.Extensions.Logging;

namespace ControlPlane.Enforcement;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Idempotency rules updated: {Count} rules in force.")]
    public static partial void RulesUpdated(ILogger logger, int count);

    [LoggerMessage(2, LogLevel.Warning, "Rule '{Rule}' allows bodies of {MaxBodyBytes} bytes but the gRPC receive limit fits {LargestBody}; larger bodies fail until the service restarts with the new limit.")]
    public static partial void BodyLimitAboveGrpcLimit(ILogger logger, string rule, long maxBodyBytes, long largestBody);

    [LoggerMessage(3, LogLevel.Warning, "Stream for route '{Route}' names rule '{Rule}', which is not loaded here (stale or failed load, or a removed policy); failing {FailureMode} as the route says ({Suppressed} more since the last report).")]
    public static partial void UnknownRule(ILogger logger, string rule, string route, string failureMode, long suppressed);

    [LoggerMessage(4, LogLevel.Warning, "The {Store} key store is unavailable (rule '{Rule}', failing {FailureMode}; {Suppressed} more failures since the last report): {Error}")]
    public static partial void StoreUnavailable(ILogger logger, string store, string rule, string failureMode, long suppressed, string error);

    [LoggerMessage(5, LogLevel.Debug, "Rule '{Rule}': response {Status} not stored ({Reason}); claim released.")]
    public static partial void ResponseNotStored(ILogger logger, string rule, int status, string reason);

    [LoggerMessage(6, LogLevel.Information, "Rule '{Rule}': the claim's lease ran out before the response and another request owns the key now; response not stored.")]
    public static partial void LeaseLost(ILogger logger, string rule);

    [LoggerMessage(7, LogLevel.Debug, "Rule '{Rule}': stream ended without a response phase; claim released.")]
    public static partial void ClaimAbandoned(ILogger logger, string rule);

    [LoggerMessage(8, LogLevel.Debug, "Rule '{Rule}': stream ended abnormally.")]
    public static partial void StreamEndedAbnormally(ILogger logger, string rule, Exception exception);

    [LoggerMessage(9, LogLevel.Error, "The Redis store at {Endpoint} is unreachable at start: {Error}. Requests get their rules' failure mode until it answers.")]
    public static partial void RedisUnreachableAtStart(ILogger logger, string endpoint, string error);

    [LoggerMessage(10, LogLevel.Information, "The Redis store at {Endpoint} answers.")]
    public static partial void RedisReachable(ILogger logger, string endpoint);

    [LoggerMessage(11, LogLevel.Warning, "The ext_proc message could not be decoded; ending the stream with {Status} so Envoy applies the route's failure mode: {Error}")]
    public static partial void UndecodableMessage(ILogger logger, string status, string error);
}
