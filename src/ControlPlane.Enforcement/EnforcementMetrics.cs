using System.Diagnostics.Metrics;

namespace ControlPlane.Enforcement;

/// <summary>
/// Enforcement instruments on the standard .NET metrics API (meter <see cref="MeterName"/>). No tag value comes from a
/// client: rule names are those of loaded rules (or <see cref="UnknownRuleLabel"/>), the rest are fixed words.
/// </summary>
public sealed class EnforcementMetrics
{
    public const string MeterName = "ControlPlane.Enforcement";

    /// <summary>Counter of decisions, tagged <c>rule</c> and <c>outcome</c> (<see cref="DecisionOutcomes"/>).</summary>
    public const string DecisionsInstrument = "idempotency_decisions";

    /// <summary>Histogram of store operation durations in seconds, tagged <c>store</c> and <c>operation</c>.</summary>
    public const string StoreDurationInstrument = "idempotency_store_duration";

    /// <summary>Histogram of decision durations in seconds, from the request's headers (or body) to the decision.</summary>
    public const string DecisionDurationInstrument = "idempotency_decision_duration";

    /// <summary>Gauge (up-down counter): 1 while the store answers, 0 while it fails or before it first answered; tagged <c>store</c>.</summary>
    public const string StoreUpInstrument = "idempotency_store_up";

    /// <summary>Counter of keys the memory store evicted, tagged <c>reason</c> (<c>expired</c>, <c>lru</c>).</summary>
    public const string MemoryEvictionsInstrument = "idempotency_memory_evictions";

    /// <summary>Counter of claims the memory store refused because its byte budget is full of claims in flight.</summary>
    public const string MemoryRefusedClaimsInstrument = "idempotency_memory_refused_claims";

    /// <summary>The <c>rule</c> tag of a stream whose rule name the service does not know: never the name it was sent.</summary>
    public const string UnknownRuleLabel = "unknown";

    private readonly Counter<long> _decisions;
    private readonly Histogram<double> _decisionDuration;
    private readonly Histogram<double> _storeDuration;
    private readonly UpDownCounter<long> _storeUp;
    private readonly Counter<long> _evictions;
    private readonly Counter<long> _refusedClaims;

    public EnforcementMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _decisions = meter.CreateCounter<long>(DecisionsInstrument, description: "Idempotency decisions, by rule and outcome.");
        // Seconds from a tenth of a millisecond (a memory claim) to Envoy's longest sensible message timeout.
        var buckets = new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] };
        _decisionDuration = meter.CreateHistogram(DecisionDurationInstrument, unit: "s", description: "Time to decide a request (claim, replay or refuse), store included.", advice: buckets);
        _storeDuration = meter.CreateHistogram(StoreDurationInstrument, unit: "s", description: "Duration of key store operations.", advice: buckets);
        _storeUp = meter.CreateUpDownCounter<long>(StoreUpInstrument, description: "1 while the key store answers, else 0.");
        _evictions = meter.CreateCounter<long>(MemoryEvictionsInstrument, description: "Keys evicted by the memory store, by reason.");
        _refusedClaims = meter.CreateCounter<long>(MemoryRefusedClaimsInstrument, description: "Claims refused by a memory store full of claims in flight.");

        // Series that exist from the start, at zero, so a rate or an alert sees their first increment.
        _decisions.Add(0, new KeyValuePair<string, object?>("rule", UnknownRuleLabel), new KeyValuePair<string, object?>("outcome", DecisionOutcomes.UnknownRule));
    }

    /// <summary>The memory store's series, at zero from its start (a Redis-backed service exports none of them).</summary>
    internal void MemoryStoreStarted()
    {
        Evicted("expired", 0);
        Evicted("lru", 0);
        _refusedClaims.Add(0);
    }

    /// <summary>A rule was loaded: its decision series exist from now on, at zero. Not on a hot path (once per rule and reload).</summary>
    internal void RuleLoaded(string rule)
    {
        foreach (var outcome in DecisionOutcomes.OfLoadedRules)
        {
            _decisions.Add(0, new KeyValuePair<string, object?>("rule", rule), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    internal void Decided(TimeSpan duration) => _decisionDuration.Record(duration.TotalSeconds);

    internal void Decision(string rule, string outcome) =>
        _decisions.Add(1, new KeyValuePair<string, object?>("rule", rule), new KeyValuePair<string, object?>("outcome", outcome));

    internal void StoreOperation(string store, string operation, TimeSpan duration) =>
        _storeDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("store", store), new KeyValuePair<string, object?>("operation", operation));

    internal void StoreUp(string store, long delta) => _storeUp.Add(delta, new KeyValuePair<string, object?>("store", store));

    internal void Evicted(string reason, long count) => _evictions.Add(count, new KeyValuePair<string, object?>("reason", reason));

    internal void RefusedClaim() => _refusedClaims.Add(1);
}
