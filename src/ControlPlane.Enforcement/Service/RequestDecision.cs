using Envoy.Service.ExtProc.V3;

namespace ControlPlane.Enforcement.Service;

/// <param name="Answer">For <see cref="DecisionKind.Answer"/>.</param>
/// <param name="Request">For <see cref="DecisionKind.Proceed"/> and <see cref="DecisionKind.Hold"/>.</param>
/// <param name="Token">For <see cref="DecisionKind.Proceed"/>: the claim's token.</param>
internal sealed record RequestDecision(DecisionKind Kind, ImmediateResponse? Answer = null, IdempotentRequest? Request = null, string Token = "")
{
    public static RequestDecision PassThrough { get; } = new(DecisionKind.PassThrough);

    public static RequestDecision NeedBody { get; } = new(DecisionKind.NeedBody);

    public static RequestDecision Ready { get; } = new(DecisionKind.Ready);

    public static RequestDecision Proceed(IdempotentRequest request, string token) => new(DecisionKind.Proceed, Request: request, Token: token);

    public static RequestDecision Respond(ImmediateResponse answer) => new(DecisionKind.Answer, Answer: answer);

    public static RequestDecision Hold(IdempotentRequest request) => new(DecisionKind.Hold, Request: request);
}
