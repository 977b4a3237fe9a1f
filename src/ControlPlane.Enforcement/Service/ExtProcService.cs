using ControlPlane.Ir;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Enforcement.Service;

/// <summary>
/// <c>envoy.service.ext_proc.v3.ExternalProcessor/Process</c>. The rule comes from the gRPC initial metadata the route
/// sets (<see cref="EnforcementContract.RuleMetadataHeader"/>); a stream without a known rule is passed through untouched.
/// </summary>
internal sealed class ExtProcService(
    IdempotencyRuleRegistry rules,
    IdempotencyEngine engine,
    EnforcementMetrics metrics,
    IOptions<EnforcementOptions> options,
    ILogger<ExtProcService> logger) : ExternalProcessor.ExternalProcessorBase
{
    public override async Task Process(IAsyncStreamReader<ProcessingRequest> requestStream, IServerStreamWriter<ProcessingResponse> responseStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var ruleName = context.RequestHeaders.GetValue(EnforcementContract.RuleMetadataHeader) ?? "";
        try
        {
            if (!rules.TryGet(ruleName, out var rule))
            {
                metrics.Decision(ruleName, DecisionOutcomes.UnknownRule);
                Log.UnknownRule(logger, ruleName, context.RequestHeaders.GetValue(EnforcementContract.RouteMetadataHeader) ?? "");
                await PassThroughAsync(requestStream, responseStream, cancellationToken).ConfigureAwait(false);
                return;
            }

            await new ExtProcExchange(rule, engine, options.Value, logger).RunAsync(requestStream, responseStream, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            // Envoy reset the stream (client gone, timeout, fail-open, or simply done after a local reply); Kestrel may
            // report the reset as an IOException before the call's token is cancelled. Any claim was released on the way out.
            Log.StreamEndedAbnormally(logger, ruleName, ex);
        }
    }

    private static async Task PassThroughAsync(IAsyncStreamReader<ProcessingRequest> requests, IServerStreamWriter<ProcessingResponse> responses, CancellationToken cancellationToken)
    {
        while (await requests.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            if (ProcessingResponses.ContinueFor(requests.Current) is { } answer)
            {
                await responses.WriteAsync(answer, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
