using System.Globalization;
using ControlPlane.Enforcement.Keys;
using ControlPlane.Enforcement.Responses;
using ControlPlane.Enforcement.Rules;
using ControlPlane.Enforcement.Stores;
using ControlPlane.Ir;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Enforcement.Service;

/// <summary>
/// The decisions, free of the ext_proc protocol: screen the request headers, claim or answer, hold a duplicate,
/// store or release the outcome. Every decision is counted here, once.
/// </summary>
internal sealed class IdempotencyEngine(
    IIdempotencyStore store,
    EnforcementMetrics metrics,
    StoreOutageReporter outages,
    TimeProvider time,
    ILogger<IdempotencyEngine> logger)
{
    /// <summary>What can be decided from the request headers alone.</summary>
    public RequestDecision Screen(CompiledRule rule, HeaderMapView headers, bool endOfStream)
    {
        if (!rule.Covers(headers.First(":method") ?? ""))
        {
            return Count(rule, DecisionOutcomes.PassedThrough, RequestDecision.PassThrough);
        }

        if (long.TryParse(headers.First("content-length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length > rule.Ir.MaxBodyBytes)
        {
            return TooLarge(rule);
        }

        if (rule.Ir.Key.Location == KeyLocation.Header && KeyProblem(rule, KeyExtractor.FromHeaders(rule, headers)) is { } early)
        {
            return early;
        }

        return rule.Ir.NeedsRequestBody && !endOfStream ? RequestDecision.NeedBody : RequestDecision.Ready;
    }

    /// <summary>Decides a screened request: claim the key, replay, or refuse.</summary>
    public async ValueTask<RequestDecision> DecideAsync(CompiledRule rule, HeaderMapView headers, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (body.Length > rule.Ir.MaxBodyBytes)
        {
            return TooLarge(rule);
        }

        var key = KeyExtractor.Extract(rule, headers, body);
        if (KeyProblem(rule, key) is { } problem)
        {
            return problem;
        }

        var request = new IdempotentRequest(LookupKey.Compute(rule, headers, key.Key), RequestFingerprint.Compute(rule, headers, body.Span));
        return await ClaimAsync(rule, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Holds a duplicate until the first request finishes or <paramref name="budget"/> runs out: replays its response,
    /// takes over a released or expired claim, or answers 409.
    /// </summary>
    public async ValueTask<RequestDecision> HoldAsync(CompiledRule rule, IdempotentRequest request, TimeSpan budget, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp() + (long)(budget.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            var remaining = TimeSpan.FromSeconds((deadline - time.GetTimestamp()) / (double)time.TimestampFrequency);
            if (remaining <= TimeSpan.Zero)
            {
                return Conflict(rule);
            }

            try
            {
                await store.WaitForChangeAsync(request.LookupKey, remaining, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreUnavailableException ex)
            {
                return Unavailable(rule, ex);
            }

            var decision = await ClaimAsync(rule, request, cancellationToken).ConfigureAwait(false);
            if (decision.Kind != DecisionKind.Hold)
            {
                return decision;
            }
        }
    }

    /// <summary>Stores the upstream response for replay, or releases the claim when the rule does not store it.</summary>
    public async ValueTask FinishAsync(CompiledRule rule, IdempotentRequest request, string token, StorageVerdict verdict, StoredResponse response, CancellationToken cancellationToken)
    {
        if (verdict != StorageVerdict.Store)
        {
            Log.ResponseNotStored(logger, rule.Name, response.Status, verdict.ToString());
            await ReleaseAsync(rule, request, token, DecisionOutcomes.Released, cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            var started = time.GetTimestamp();
            var stored = await store.CompleteAsync(request.LookupKey, token, response, rule.Ir.Ttl, cancellationToken).ConfigureAwait(false);
            metrics.StoreOperation(store.Kind, "complete", time.GetElapsedTime(started));
            if (!stored)
            {
                Log.LeaseLost(logger, rule.Name);
            }

            metrics.Decision(rule.Name, stored ? DecisionOutcomes.Stored : DecisionOutcomes.LeaseLost);
        }
        catch (StoreUnavailableException ex)
        {
            metrics.Decision(rule.Name, DecisionOutcomes.StoreError);
            outages.Report(store.Kind, rule.Name, rule.Ir.FailureMode, ex);
        }
    }

    /// <summary>Frees a claim so a retry runs again; when the store cannot be reached the lease frees it later.</summary>
    public async ValueTask ReleaseAsync(CompiledRule rule, IdempotentRequest request, string token, string outcome, CancellationToken cancellationToken)
    {
        try
        {
            var started = time.GetTimestamp();
            await store.ReleaseAsync(request.LookupKey, token, cancellationToken).ConfigureAwait(false);
            metrics.StoreOperation(store.Kind, "release", time.GetElapsedTime(started));
            metrics.Decision(rule.Name, outcome);
        }
        catch (StoreUnavailableException ex)
        {
            metrics.Decision(rule.Name, DecisionOutcomes.StoreError);
            outages.Report(store.Kind, rule.Name, rule.Ir.FailureMode, ex);
        }
    }

    private async ValueTask<RequestDecision> ClaimAsync(CompiledRule rule, IdempotentRequest request, CancellationToken cancellationToken)
    {
        ClaimResult claim;
        try
        {
            var started = time.GetTimestamp();
            claim = await store.TryClaimAsync(request.LookupKey, request.Fingerprint, rule.Ir.Lease, cancellationToken).ConfigureAwait(false);
            metrics.StoreOperation(store.Kind, "claim", time.GetElapsedTime(started));
        }
        catch (StoreUnavailableException ex)
        {
            return Unavailable(rule, ex);
        }

        return claim.Outcome switch
        {
            ClaimOutcome.Claimed => Count(rule, DecisionOutcomes.Continued, RequestDecision.Proceed(request, claim.Token)),
            ClaimOutcome.Completed => Count(rule, DecisionOutcomes.Replayed, RequestDecision.Respond(ImmediateResponses.ForReplay(claim.Response!, rule.Ir.ReplayHeader))),
            ClaimOutcome.FingerprintMismatch => Count(rule, DecisionOutcomes.Mismatch, Answer(Problem.KeyReused())),
            _ when rule.Ir.InFlight.Mode == InFlightMode.Wait && rule.Ir.InFlight.MaxWait > TimeSpan.Zero => RequestDecision.Hold(request),
            _ => Conflict(rule),
        };
    }

    private RequestDecision? KeyProblem(CompiledRule rule, KeyExtraction key) => key.Status switch
    {
        KeyStatus.Missing when rule.Ir.Key.Required => Count(rule, DecisionOutcomes.MissingKey, Answer(Problem.MissingKey(key.Reason))),
        KeyStatus.Missing => Count(rule, DecisionOutcomes.PassedThrough, RequestDecision.PassThrough),
        KeyStatus.Invalid => Count(rule, DecisionOutcomes.InvalidKey, Answer(Problem.InvalidKey(key.Reason))),
        _ => null,
    };

    private RequestDecision Unavailable(CompiledRule rule, StoreUnavailableException error)
    {
        outages.Report(store.Kind, rule.Name, rule.Ir.FailureMode, error);
        return rule.Ir.FailureMode == FailureMode.Open
            ? Count(rule, DecisionOutcomes.StoreUnavailableOpen, RequestDecision.PassThrough)
            : Count(rule, DecisionOutcomes.StoreUnavailableClosed, Answer(Problem.StoreUnavailable()));
    }

    private RequestDecision Conflict(CompiledRule rule) => Count(rule, DecisionOutcomes.Conflict, Answer(Problem.KeyInUse(rule.Ir.InFlight.RetryAfter)));

    private RequestDecision TooLarge(CompiledRule rule) => Count(rule, DecisionOutcomes.TooLarge, Answer(Problem.BodyTooLarge(rule.Ir.MaxBodyBytes)));

    private static RequestDecision Answer(Problem problem) => RequestDecision.Respond(ImmediateResponses.ForProblem(problem));

    private RequestDecision Count(CompiledRule rule, string outcome, RequestDecision decision)
    {
        metrics.Decision(rule.Name, outcome);
        return decision;
    }
}
