using System.Text;
using ControlPlane.Ir;
using ProcessingMode = Envoy.Extensions.Filters.Http.ExtProc.V3.ProcessingMode;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static Envoy.Extensions.Filters.Http.ExtProc.V3.ProcessingMode.Types;
using Case = Envoy.Service.ExtProc.V3.ProcessingResponse.ResponseOneofCase;
using ControlPlane.Testing;

namespace ControlPlane.Enforcement.Tests.Infrastructure;

/// <summary>
/// Plays Envoy's ext_proc filter for one HTTP request per call, as the translator configures it: the route's gRPC
/// initial metadata as request headers of the call (rule, route, failure mode, message timeout), header values in
/// raw_value, the request body only when buffered, then the response phase; honours mode overrides
/// (allow_mode_override) and message-timeout extensions, and fails open on a message timeout (resetting the stream).
/// The channel it is given (<see cref="EnvoyGrpcChannel"/>) sends Envoy's <c>:authority</c>, <c>te</c> and <c>user-agent</c>.
/// </summary>
/// <param name="failureMode">What the route's <c>x-idempotency-failure-mode</c> says; null: the entry is absent (an older control plane).</param>
internal sealed class FakeEnvoy(ExternalProcessor.ExternalProcessorClient client, string ruleName, bool bufferRequestBody, FailureMode? failureMode = FailureMode.Closed)
{
    /// <summary>Envoy's message_timeout. Generous by default: tests must not depend on the machine's speed.</summary>
    public TimeSpan MessageTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Added to every message-timeout extension the service asks for. Real Envoy is exact; here the service's own
    /// margin must not be what decides a test on a loaded machine (tests hold no timing assertions).
    /// </summary>
    public TimeSpan ExtensionSlack { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Resets the stream after the request phase (client gone, Envoy crash) instead of running the response phase.</summary>
    public bool ResetAfterRequestPhase { get; init; }

    /// <summary>Completed when the service extends the message timeout, i.e. starts holding this request.</summary>
    public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<ExchangeResult> SendAsync(HttpRequestSpec request, Func<Task<UpstreamResponse>> backend)
    {
        var result = new ExchangeResult();
        using var reset = new CancellationTokenSource();
        var metadata = new Metadata
        {
            { EnforcementContract.RuleMetadataHeader, ruleName },
            { EnforcementContract.RouteMetadataHeader, "route-under-test" },
            { EnforcementContract.MessageTimeoutMetadataHeader, ((long)MessageTimeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        if (failureMode is { } mode)
        {
            metadata.Add(EnforcementContract.FailureModeMetadataHeader, mode == FailureMode.Open ? EnforcementContract.FailureModeOpen : EnforcementContract.FailureModeClosed);
        }

        using var call = client.Process(metadata, cancellationToken: reset.Token);
        var processing = new ProcessingMode
        {
            RequestHeaderMode = HeaderSendMode.Send,
            ResponseHeaderMode = HeaderSendMode.Send,
            RequestBodyMode = bufferRequestBody ? BodySendMode.Buffered : BodySendMode.None,
            ResponseBodyMode = BodySendMode.Buffered,
        };

        var hasBody = request.Body.Length > 0;
        var answer = await ExchangeAsync(call, result, Case.RequestHeaders, new ProcessingRequest
        {
            RequestHeaders = new HttpHeaders { Headers = Headers.Map(request.EnvoyHeaders()), EndOfStream = !hasBody },
        });
        if (answer?.Immediate is not null)
        {
            return await ClosedAfterAsync(call, answer.Immediate);
        }

        processing = answer?.Mode ?? processing;
        if (answer is not null && hasBody && processing.RequestBodyMode == BodySendMode.Buffered)
        {
            answer = await ExchangeAsync(call, result, Case.RequestBody, new ProcessingRequest
            {
                RequestBody = new HttpBody { Body = ByteString.CopyFrom(request.Body), EndOfStream = true },
            });
            if (answer?.Immediate is not null)
            {
                return await ClosedAfterAsync(call, answer.Immediate);
            }
        }

        if (ResetAfterRequestPhase)
        {
            await reset.CancelAsync();
            return result;
        }

        result.ReachedBackend = true;
        var upstream = await backend();
        if (answer is not null && processing.ResponseHeaderMode != HeaderSendMode.Skip)
        {
            answer = await ExchangeAsync(call, result, Case.ResponseHeaders, ResponseHeaders(upstream));
            processing = answer?.Mode ?? processing;
            if (answer is not null && upstream.Body.Length > 0 && processing.ResponseBodyMode == BodySendMode.Buffered)
            {
                answer = await ExchangeAsync(call, result, Case.ResponseBody, new ProcessingRequest
                {
                    ResponseBody = new HttpBody { Body = ByteString.CopyFrom(upstream.Body), EndOfStream = true },
                });
            }
        }

        if (answer is not null)
        {
            await call.RequestStream.CompleteAsync();
            Assert.False(await call.ResponseStream.MoveNext(), "the service sent an answer nobody asked for");
        }

        result.Status = upstream.Status;
        result.Headers.AddRange(upstream.Headers);
        result.Body = upstream.Body;
        return result;
    }

    /// <summary>
    /// After a local reply Envoy closes its side of the stream, then resets it when the filter goes away; after its
    /// own timeout (or failure) the stream was already reset.
    /// </summary>
    private static async Task<ExchangeResult> ClosedAfterAsync(AsyncDuplexStreamingCall<ProcessingRequest, ProcessingResponse> call, ExchangeResult result)
    {
        if (result.Immediate is not null)
        {
            await call.RequestStream.CompleteAsync();
        }

        return result;
    }

    private static ProcessingRequest ResponseHeaders(UpstreamResponse upstream)
    {
        var message = new ProcessingRequest
        {
            ResponseHeaders = new HttpHeaders
            {
                Headers = Headers.Map([(":status", upstream.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. upstream.Headers]),
                EndOfStream = upstream.Body.Length == 0,
            },
        };
        if (upstream.CodeDetails is not null)
        {
            var attributes = new Struct();
            attributes.Fields[EnforcementContract.ResponseCodeDetailsAttribute] = Value.ForString(upstream.CodeDetails);
            message.Attributes[EnforcementContract.AttributesKey] = attributes;
        }

        return message;
    }

    /// <summary>Sends one message and reads its answer; null when Envoy's message timer fired (fail-open: stream abandoned).</summary>
    private async Task<Answer?> ExchangeAsync(AsyncDuplexStreamingCall<ProcessingRequest, ProcessingResponse> call, ExchangeResult result, Case expected, ProcessingRequest message)
    {
        result.Sent.Add(message.RequestCase);
        await call.RequestStream.WriteAsync(message);
        var timeout = MessageTimeout;
        while (true)
        {
            using var timer = new CancellationTokenSource(timeout);
            bool received;
            try
            {
                received = await call.ResponseStream.MoveNext(timer.Token);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && timer.IsCancellationRequested)
            {
                // Envoy resets the stream; a fail-open filter forwards the request untouched, a fail-closed one
                // answers 504 with an empty body of its own.
                result.TimedOut = true;
                if (failureMode == FailureMode.Open)
                {
                    return null;
                }

                result.Status = 504;
                return new Answer(null, result);
            }

            Assert.True(received, $"the service ended the stream instead of answering {message.RequestCase}");
            var response = call.ResponseStream.Current;
            if (response.ResponseCase == Case.None && response.OverrideMessageTimeout is { } extension)
            {
                result.TimeoutOverrides.Add(extension.ToTimeSpan());
                timeout = extension.ToTimeSpan() + ExtensionSlack;
                Held.TrySetResult();
                continue;
            }

            if (response.ResponseCase == Case.ImmediateResponse)
            {
                return new Answer(null, ApplyImmediate(response.ImmediateResponse, result));
            }

            Assert.Equal(expected, response.ResponseCase);
            if (response.ModeOverride is { } mode)
            {
                result.ModeOverrides.Add(mode);
            }

            return new Answer(response.ModeOverride, null);
        }
    }

    private static ExchangeResult ApplyImmediate(ImmediateResponse immediate, ExchangeResult result)
    {
        result.Immediate = immediate;
        result.Status = (int)immediate.Status.Code;
        result.Body = immediate.Body.ToByteArray();
        foreach (var option in immediate.Headers?.SetHeaders ?? [])
        {
            if (option.Header.Value.Length > 0 || option.Header.RawValue.IsEmpty || option.Append is null)
            {
                result.MutationViolations.Add(option.Header.Key);
            }

            if (option.Append != true)
            {
                result.Headers.RemoveAll(h => h.Name == option.Header.Key);
            }

            result.Headers.Add((option.Header.Key, Encoding.Latin1.GetString(option.Header.RawValue.Span)));
        }

        return result;
    }

    private sealed record Answer(ProcessingMode? Mode, ExchangeResult? Immediate);
}
