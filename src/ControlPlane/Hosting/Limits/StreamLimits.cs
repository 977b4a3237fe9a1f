using Microsoft.AspNetCore.Http.Features;

namespace ControlPlane.Hosting.Limits;

/// <summary>
/// The per-connection stream limits, as request middleware over the <see cref="ConnectionBudget"/> the connection
/// middleware attached: only the stream over a limit is refused; its connection's other streams and every other
/// connection go on.
/// </summary>
internal static class StreamLimits
{
    // HTTP/2 RST_STREAM code REFUSED_STREAM: the stream was not processed, so a client may safely retry it.
    private const int RefusedStream = 0x7;

    private const string ResourceExhausted = "8";

    public static void UseStreamLimits(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<LimitMetrics>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StreamLimits).FullName!);
        app.Use(async (context, next) =>
        {
            if (ConnectionBudget.Of(context) is not { } budget)
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            if (!budget.TryOpenStream())
            {
                metrics.Refused(budget.Listener, LimitKind.StreamsPerConnection);
                LimitsLog.StreamRefused(logger, budget.Listener, context.Connection.RemoteIpAddress?.ToString() ?? "?", "MaxStreamsPerConnection");
                context.Features.Get<IHttpResetFeature>()?.Reset(RefusedStream);
                return;
            }

            try
            {
                if (!budget.TryTakeRequest())
                {
                    metrics.Refused(budget.Listener, LimitKind.RequestsPerSecond);
                    LimitsLog.StreamRefused(logger, budget.Listener, context.Connection.RemoteIpAddress?.ToString() ?? "?", "MaxRequestsPerSecondPerConnection");
                    RefuseAsExhausted(context.Response, budget.Listener);
                    return;
                }

                await next(context).ConfigureAwait(false);
            }
            finally
            {
                budget.CloseStream();
            }
        });
    }

    /// <summary>A gRPC trailers-only answer: the call ends with RESOURCE_EXHAUSTED before any handler runs.</summary>
    private static void RefuseAsExhausted(HttpResponse response, Listener listener)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ResourceExhausted;
        response.Headers["grpc-message"] = RateMessage(listener);
    }

    public static string RateMessage(Listener listener) => $"over ControlPlane:Limits:{listener}:MaxRequestsPerSecondPerConnection; retry later";
}
