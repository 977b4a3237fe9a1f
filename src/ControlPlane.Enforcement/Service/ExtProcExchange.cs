using ControlPlane.Enforcement.Keys;
using ControlPlane.Enforcement.Responses;
using ControlPlane.Enforcement.Rules;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Case = Envoy.Service.ExtProc.V3.ProcessingRequest.RequestOneofCase;

namespace ControlPlane.Enforcement.Service;

/// <summary>
/// One ext_proc stream, i.e. one HTTP request under one rule: request headers, the request body when the rule needs
/// it, then the response headers and body of a claimed request. Each message gets exactly one answer (a held duplicate
/// also gets a message-timeout extension first). A claim whose response phase never comes is released when the stream
/// ends, or expires with its lease if even that fails.
/// </summary>
internal sealed class ExtProcExchange(CompiledRule rule, StreamRoute route, IdempotencyEngine engine, EnforcementOptions options, ILogger logger)
{
    /// <summary>A held request is answered this long before Envoy's extended timer fires (a quarter of maxWait at most).</summary>
    private static readonly TimeSpan HoldMargin = TimeSpan.FromMilliseconds(250);

    private readonly TimeSpan _storeDeadline = route.StoreDeadline(options);

    private Phase _phase = Phase.RequestHeaders;
    private HeaderMapView _requestHeaders = HeaderMapView.Empty;
    private HeaderMapView _responseHeaders = HeaderMapView.Empty;
    private readonly MemoryStream _body = new();
    private IdempotentRequest? _request;
    private string _token = "";

    private enum Phase
    {
        RequestHeaders,
        RequestBody,
        AwaitingResponse,
        ResponseBody,
        Done,
    }

    public async Task RunAsync(IAsyncStreamReader<ProcessingRequest> requests, IServerStreamWriter<ProcessingResponse> responses, CancellationToken cancellationToken)
    {
        try
        {
            while (await requests.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                if (await AnswerAsync(requests.Current, responses, cancellationToken).ConfigureAwait(false) is { } answer)
                {
                    await responses.WriteAsync(answer, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await ReleaseAbandonedClaimAsync().ConfigureAwait(false);
        }
    }

    private bool ClaimOpen => _phase is Phase.AwaitingResponse or Phase.ResponseBody;

    private async ValueTask<ProcessingResponse?> AnswerAsync(ProcessingRequest message, IServerStreamWriter<ProcessingResponse> responses, CancellationToken cancellationToken)
    {
        switch (message.RequestCase, _phase)
        {
            case (Case.RequestHeaders, Phase.RequestHeaders):
                _requestHeaders = new HeaderMapView(message.RequestHeaders.Headers?.Headers ?? []);
                var screened = engine.Screen(rule, _requestHeaders, message.RequestHeaders.EndOfStream);
                switch (screened.Kind)
                {
                    case DecisionKind.NeedBody:
                        _phase = Phase.RequestBody;
                        return ProcessingResponses.ContinueRequestHeaders();
                    case DecisionKind.Ready:
                        return await DecideAsync(headersPhase: true, responses, cancellationToken).ConfigureAwait(false);
                    default:
                        return Apply(screened, headersPhase: true);
                }

            case (Case.RequestBody, Phase.RequestBody):
                var chunk = message.RequestBody;
                _body.Write(chunk.Body.Span);
                return chunk.EndOfStream || _body.Length > rule.Ir.MaxBodyBytes
                    ? await DecideAsync(headersPhase: false, responses, cancellationToken).ConfigureAwait(false)
                    : ProcessingResponses.ContinueRequestBody();

            case (Case.ResponseHeaders, Phase.AwaitingResponse):
                _body.SetLength(0);
                _responseHeaders = new HeaderMapView(message.ResponseHeaders.Headers?.Headers ?? []);
                var verdict = ResponseStoragePolicy.Decide(
                    rule, ResponseCapture.StatusOf(_responseHeaders), _responseHeaders.First("content-type"), ResponseStoragePolicy.CodeDetails(message));
                if (verdict != StorageVerdict.Store || message.ResponseHeaders.EndOfStream)
                {
                    await FinishAsync(verdict, cancellationToken).ConfigureAwait(false);
                    return ProcessingResponses.ContinueResponseHeaders(skipRest: true);
                }

                _phase = Phase.ResponseBody;
                return ProcessingResponses.ContinueResponseHeaders();

            case (Case.ResponseBody, Phase.ResponseBody):
                _body.Write(message.ResponseBody.Body.Span);
                if (message.ResponseBody.EndOfStream)
                {
                    await FinishAsync(StorageVerdict.Store, cancellationToken).ConfigureAwait(false);
                }

                return ProcessingResponses.ContinueResponseBody();

            default:
                return ProcessingResponses.ContinueFor(message);
        }
    }

    private async ValueTask<ProcessingResponse> DecideAsync(bool headersPhase, IServerStreamWriter<ProcessingResponse> responses, CancellationToken cancellationToken)
    {
        var decision = await engine.DecideAsync(rule, _requestHeaders, _body.GetBuffer().AsMemory(0, (int)_body.Length), cancellationToken, _storeDeadline).ConfigureAwait(false);
        if (decision.Kind == DecisionKind.Hold)
        {
            // Envoy would time this message out after message_timeout (200 ms by default): extend it first.
            var maxWait = rule.Ir.InFlight.MaxWait;
            await responses.WriteAsync(ProcessingResponses.ExtendMessageTimeout(maxWait), cancellationToken).ConfigureAwait(false);
            var budget = maxWait - (maxWait / 4 < HoldMargin ? maxWait / 4 : HoldMargin);
            decision = await engine.HoldAsync(rule, decision.Request!, budget, cancellationToken, _storeDeadline).ConfigureAwait(false);
        }

        if (decision.Kind == DecisionKind.Proceed)
        {
            _request = decision.Request;
            _token = decision.Token;
            _phase = Phase.AwaitingResponse;
            return headersPhase ? ProcessingResponses.ContinueRequestHeaders() : ProcessingResponses.ContinueRequestBody();
        }

        return Apply(decision, headersPhase);
    }

    /// <summary>Ends idempotency for this stream: a local reply, or forwarding with nothing left to do.</summary>
    private ProcessingResponse Apply(RequestDecision decision, bool headersPhase)
    {
        _phase = Phase.Done;
        if (decision.Answer is { } answer)
        {
            return ProcessingResponses.Immediate(answer);
        }

        return headersPhase ? ProcessingResponses.ContinueRequestHeaders(skipRest: true) : ProcessingResponses.ContinueRequestBody();
    }

    private async ValueTask FinishAsync(StorageVerdict verdict, CancellationToken cancellationToken)
    {
        var response = ResponseCapture.Capture(_responseHeaders, _body.ToArray(), rule.Ir.ReplayHeader);
        await engine.FinishAsync(rule, _request!, _token, verdict, response, cancellationToken, _storeDeadline).ConfigureAwait(false);
        _phase = Phase.Done;
    }

    private async ValueTask ReleaseAbandonedClaimAsync()
    {
        if (!ClaimOpen)
        {
            return;
        }

        _phase = Phase.Done;
        Log.ClaimAbandoned(logger, rule.Name);
        using var timeout = new CancellationTokenSource(options.AbandonedClaimReleaseTimeout);
        try
        {
            await engine.ReleaseAsync(rule, _request!, _token, DecisionOutcomes.Abandoned, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The lease frees the key.
        }
    }
}
