using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf.WellKnownTypes;
using static Envoy.Extensions.Filters.Http.ExtProc.V3.ProcessingMode.Types;

namespace ControlPlane.Enforcement.Service;

/// <summary>The ext_proc answers the service sends, one per kind of message received.</summary>
internal static class ProcessingResponses
{
    /// <summary>
    /// Sent with a headers answer when nothing is left to do for this request: Envoy stops sending the remaining
    /// phases (the filter has allow_mode_override). A mode override replaces the whole mode, so all six fields are set.
    /// </summary>
    public static ProcessingMode SkipRest { get; } = new()
    {
        RequestHeaderMode = HeaderSendMode.Skip,
        ResponseHeaderMode = HeaderSendMode.Skip,
        RequestBodyMode = BodySendMode.None,
        ResponseBodyMode = BodySendMode.None,
        RequestTrailerMode = HeaderSendMode.Skip,
        ResponseTrailerMode = HeaderSendMode.Skip,
    };

    public static ProcessingResponse ContinueRequestHeaders(bool skipRest = false) => new()
    {
        RequestHeaders = new HeadersResponse { Response = new CommonResponse() },
        ModeOverride = skipRest ? SkipRest : null,
    };

    public static ProcessingResponse ContinueResponseHeaders(bool skipRest = false) => new()
    {
        ResponseHeaders = new HeadersResponse { Response = new CommonResponse() },
        ModeOverride = skipRest ? SkipRest : null,
    };

    public static ProcessingResponse ContinueRequestBody() => new() { RequestBody = new BodyResponse { Response = new CommonResponse() } };

    public static ProcessingResponse ContinueResponseBody() => new() { ResponseBody = new BodyResponse { Response = new CommonResponse() } };

    public static ProcessingResponse ContinueRequestTrailers() => new() { RequestTrailers = new TrailersResponse() };

    public static ProcessingResponse ContinueResponseTrailers() => new() { ResponseTrailers = new TrailersResponse() };

    public static ProcessingResponse Immediate(ImmediateResponse answer) => new() { ImmediateResponse = answer };

    /// <summary>Only field 10: extends Envoy's timer for the message being answered, so a held request is not timed out.</summary>
    public static ProcessingResponse ExtendMessageTimeout(TimeSpan timeout) => new() { OverrideMessageTimeout = Duration.FromTimeSpan(timeout) };

    /// <summary>The plain answer to any message, for streams the service does not act on.</summary>
    public static ProcessingResponse? ContinueFor(ProcessingRequest message) => message.RequestCase switch
    {
        ProcessingRequest.RequestOneofCase.RequestHeaders => ContinueRequestHeaders(skipRest: true),
        ProcessingRequest.RequestOneofCase.ResponseHeaders => ContinueResponseHeaders(skipRest: true),
        ProcessingRequest.RequestOneofCase.RequestBody => ContinueRequestBody(),
        ProcessingRequest.RequestOneofCase.ResponseBody => ContinueResponseBody(),
        ProcessingRequest.RequestOneofCase.RequestTrailers => ContinueRequestTrailers(),
        ProcessingRequest.RequestOneofCase.ResponseTrailers => ContinueResponseTrailers(),
        _ => null,
    };
}
