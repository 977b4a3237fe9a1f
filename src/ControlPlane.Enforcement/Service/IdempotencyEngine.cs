using System.Globalization;
using ControlPlane.Enforcement.Keys;
using ControlPlane.Enforcement.Responses;
using ControlPlane.Enforcement.Rules;
using ControlPlane.Enforcement.Stores;
using ControlPlane.Ir;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Enforcement.Service;

/// <summary>
/// The decisions, free of the ext_proc protocol: screen the request headers, claim or answer, hold a duplicate,
/// store or release the outcome. Every decision is counted here, once. A store operation made while Envoy waits gets
/// a deadline (<see cref="StreamRoute.StoreDeadline"/>): a stalled store then counts as unavailable and the rule's
/// failure mode answers in time.
/// </summary>
internal sealed class IdempotencyEngine(
    IIdempotencyStore store,
    EnforcementMetrics metrics,
    StoreOutageReporter outages,
    TimeProvider time,
    IOptions<EnforcementOptions> options,
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
    /// <param name="storeDeadline">How long the claim may take; null: only the store's own timeout.</param>
    public async ValueTask<RequestDecision> DecideAsync(CompiledRule rule, HeaderMapView headers, ReadOnlyMemory<byte> body, CancellationToken cancellationToken, TimeSpan? storeDeadline = null)
    {
        // Timed in place, not by a wrapping method: a second async state machine would cost an allocation per decision.
        var started = time.GetTimestamp();
        RequestDecision decision;
        if (body.Length > rule.Ir.MaxBodyBytes)
        {
            decision = TooLarge(rule);
        }
        else
        {
            var key = KeyExtractor.Extract(rule, headers, body);
            if (KeyProblem(rule, key) is { } problem)
            {
                decision = problem;
            }
            else
            {
                var request = new IdempotentRequest(LookupKey.Compute(rule, headers, key.Key), RequestFingerprint.Compute(rule, headers, body.Span));
                decision = await ClaimAsync(rule, request, storeDeadline, cancellationToken).ConfigureAwait(false);
            }
        }

        metrics.Decided(time.GetElapsedTime(started));
        return decision;
    }

    /// <summary>
    /// Holds a duplicate until the first request finishes or <paramref name="budget"/> runs out: replays its response,
    /// takes over a released or expired claim, or answers 409.
    /// </summary>
    public async ValueTask<RequestDecision> HoldAsync(CompiledRule rule, IdempotentRequest request, TimeSpan budget, CancellationToken cancellationToken, TimeSpan? storeDeadline = null)
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

            // The store gets its usual deadline even near the budget's end: the hold margin before Envoy's extended
            // timer covers it, and a short remainder must end in 409, not look like a store failure.
            var decision = await ClaimAsync(rule, request, storeDeadline, cancellationToken).ConfigureAwait(false);
            if (decision.Kind != DecisionKind.Hold)
            {
                return decision;
            }
        }
    }

    /// <summary>Stores the upstream response for replay, or releases the claim when the rule does not store it.</summary>
    public async ValueTask FinishAsync(CompiledRule rule, IdempotentRequest request, string token, StorageVerdict verdict, StoredResponse response, CancellationToken cancellationToken, TimeSpan? storeDeadline = null)
    {
        if (verdict != StorageVerdict.Store)
        {
            Log.ResponseNotStored(logger, rule.Name, response.Status, verdict.ToString());
            await ReleaseAsync(rule, request, token, DecisionOutcomes.Released, cancellationToken, storeDeadline).ConfigureAwait(false);
            return;
        }

        try
        {
            var started = time.GetTimestamp();

            // A completion that lands after its deadline still stores the right response: nothing to undo.
            var stored = await WithinAsync(store.CompleteAsync(request.LookupKey, token, response, rule.Ir.Ttl, CancellationToken.None), storeDeadline, cancellationToken).ConfigureAwait(false);
            metrics.StoreOperation(store.Kind, "complete", time.GetElapsedTime(started));
            outages.Succeeded();
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
    public async ValueTask ReleaseAsync(CompiledRule rule, IdempotentRequest request, string token, string outcome, CancellationToken cancellationToken, TimeSpan? storeDeadline = null)
    {
        try
        {
            var started = time.GetTimestamp();
            await WithinAsync(store.ReleaseAsync(request.LookupKey, token, CancellationToken.None), storeDeadline, cancellationToken).ConfigureAwait(false);
            metrics.StoreOperation(store.Kind, "release", time.GetElapsedTime(started));
            outages.Succeeded();
            metrics.Decision(rule.Name, outcome);
        }
        catch (StoreUnavailableException ex)
        {
            metrics.Decision(rule.Name, DecisionOutcomes.StoreError);
            outages.Report(store.Kind, rule.Name, rule.Ir.FailureMode, ex);
        }
    }

    private async ValueTask<RequestDecision> ClaimAsync(CompiledRule rule, IdempotentRequest request, TimeSpan? storeDeadline, CancellationToken cancellationToken)
    {
        ClaimResult claim;
        var started = time.GetTimestamp();

        // Not cancelled with the stream: a claim that outlives its deadline must still report whether it landed.
        var claiming = store.TryClaimAsync(request.LookupKey, request.Fingerprint, rule.Ir.Lease, CancellationToken.None);
        var pending = claiming.IsCompleted ? null : claiming.AsTask();
        try
        {
            claim = pending is null ? await claiming.ConfigureAwait(false) : await WithinAsync(pending, storeDeadline, cancellationToken).ConfigureAwait(false);
            metrics.StoreOperation(store.Kind, "claim", time.GetElapsedTime(started));
            outages.Succeeded();
        }
        catch (StoreDeadlineException ex)
        {
            _ = WithdrawLateClaimAsync(rule, request, pending!);
            return Unavailable(rule, ex);
        }
        catch (OperationCanceledException) when (pending is not null && cancellationToken.IsCancellationRequested)
        {
            // Envoy gave up on the stream while the claim was on its way: nobody will forward this request.
            _ = WithdrawLateClaimAsync(rule, request, pending);
            throw;
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

    /// <summary>
    /// A claim that missed its deadline may still land (a stalled store answers later), and would then block the key
    /// for a whole lease although no request was forwarded. Once the store says it did land, this releases it; the
    /// release runs after the claim on the store (one ordered connection for Redis), so it cannot overtake it.
    /// </summary>
    private async Task WithdrawLateClaimAsync(CompiledRule rule, IdempotentRequest request, Task<ClaimResult> late)
    {
        try
        {
            var claim = await late.ConfigureAwait(false);
            if (claim.Outcome == ClaimOutcome.Claimed)
            {
                using var timeout = new CancellationTokenSource(options.Value.AbandonedClaimReleaseTimeout, time);
                await ReleaseAsync(rule, request, claim.Token, DecisionOutcomes.Withdrawn, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is StoreUnavailableException or OperationCanceledException)
        {
            // Nothing known to have landed, or the store is gone: the lease frees the key.
        }
    }

    /// <summary>Awaits a store operation for at most <paramref name="deadline"/>; the operation itself runs on.</summary>
    private ValueTask<T> WithinAsync<T>(ValueTask<T> operation, TimeSpan? deadline, CancellationToken cancellationToken) =>
        operation.IsCompleted ? operation : new(WithinAsync(operation.AsTask(), deadline, cancellationToken));

    private async Task<T> WithinAsync<T>(Task<T> operation, TimeSpan? deadline, CancellationToken cancellationToken)
    {
        try
        {
            return deadline is { } limit
                ? await operation.WaitAsync(limit, time, cancellationToken).ConfigureAwait(false)
                : await operation.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException) when (deadline is { } limit && !operation.IsCompleted)
        {
            // Nobody may await it any more: observe its failure so it is not reported as unobserved.
            _ = operation.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw new StoreDeadlineException(
                $"The {store.Kind} store did not answer within {limit.TotalMilliseconds:0} ms (the route's message timeout less the margin).", operation);
        }
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
