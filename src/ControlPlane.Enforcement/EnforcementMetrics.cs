using System.Diagnostics.Metrics;

namespace ControlPlane.Enforcement;

/// <summary>Enforcement counters on the standard .NET metrics API (meter <see cref="MeterName"/>).</summary>
public sealed class EnforcementMetrics
{
    public const string MeterName = "ControlPlane.Enforcement";

    /// <summary>Counter of decisions, tagged <c>rule</c> and <c>outcome</c> (<see cref="DecisionOutcomes"/>).</summary>
    public const string DecisionsInstrument = "idempotency_decisions";

    /// <summary>Histogram of store operation durations in seconds, tagged <c>store</c> and <c>operation</c>.</summary>
    public const string StoreDurationInstrument = "idempotency_store_duration_seconds";

    private readonly Counter<long> _decisions;
    private readonly Histogram<double> _storeDuration;

    public EnforcementMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _decisions = meter.CreateCounter<long>(DecisionsInstrument, description: "Idempotency decisions, by rule and outcome.");
        _storeDuration = meter.CreateHistogram<double>(StoreDurationInstrument, unit: "s", description: "Duration of key store operations.");
    }

    internal void Decision(string rule, string outcome) =>
        _decisions.Add(1, new KeyValuePair<string, object?>("rule", rule), new KeyValuePair<string, object?>("outcome", outcome));

    internal void StoreOperation(string store, string operation, TimeSpan duration) =>
        _storeDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("store", store), new KeyValuePair<string, object?>("operation", operation));
}
