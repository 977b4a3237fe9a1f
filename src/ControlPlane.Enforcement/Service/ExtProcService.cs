using ControlPlane.Enforcement.Responses;
using ControlPlane.Ir;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Enforcement.Service;

/// <summary>
/// <c>envoy.service.ext_proc.v3.ExternalProcessor/Process</c>. The rule comes from the gRPC initial metadata the route
/// sets (<see cref="StreamRoute"/>). A stream whose rule is not loaded here gets the route's failure mode: protection
/// is never silently off.
/// </summary>
internal sealed class ExtProcService(
    IdempotencyRuleRegistry rules,
    IdempotencyEngine engine,
    EnforcementMetrics metrics,
    UnknownRuleReporter unknownRules,
    IOptions<EnforcementOptions> options,
    ILogger<ExtProcService> logger) : ExternalProcessor.ExternalProcessorBase
{
    public override async Task Process(IAsyncStreamReader<ProcessingRequest> requestStream, IServerStreamWriter<ProcessingResponse> responseStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var route = StreamRoute.From(context.RequestHeaders);
        try
        {
            if (!rules.TryGet(route.RuleName, out var rule))
            {
                metrics.Decision(EnforcementMetrics.UnknownRuleLabel, DecisionOutcomes.UnknownRule);
                unknownRules.Report(route);
                await UnknownRuleAsync(route.FailureMode, requestStream, responseStream, cancellationToken).ConfigureAwait(false);
                return;
            }

            await new ExtProcExchange(rule, route, engine, options.Value, logger).RunAsync(requestStream, responseStream, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidProtocolBufferException ex)
        {
            // Grpc.AspNetCore deserializes inside MoveNext and lets the parser's exception through. It is an IOException,
            // so without this it would pass for a reset below and end the stream with OK: Envoy must see an error and
            // apply the route's failure mode instead.
            Log.UndecodableMessage(logger, nameof(StatusCode.InvalidArgument), ex.Message);
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The ext_proc message could not be decoded: " + ex.Message));
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            // Envoy reset the stream (client gone, timeout, fail-open, or simply done after a local reply); Kestrel may
            // report the reset as an IOException before the call's token is cancelled. Any claim was released on the way out.
            Log.StreamEndedAbnormally(logger, route.RuleName, ex);
        }
    }

    /// <summary>Closed: the request gets a 503 problem at its headers. Open: everything passes untouched.</summary>
    private static async Task UnknownRuleAsync(FailureMode failureMode, IAsyncStreamReader<ProcessingRequest> requests, IServerStreamWriter<ProcessingResponse> responses, CancellationToken cancellationToken)
    {
        while (await requests.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var message = requests.Current;
            var answer = failureMode == FailureMode.Closed && message.RequestCase == ProcessingRequest.RequestOneofCase.RequestHeaders
                ? ProcessingResponses.Immediate(ImmediateResponses.ForProblem(Problem.RuleUnavailable()))
                : ProcessingResponses.ContinueFor(message);
            if (answer is not null)
            {
                await responses.WriteAsync(answer, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
