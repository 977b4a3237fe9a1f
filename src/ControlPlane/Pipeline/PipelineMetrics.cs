using System.Collections.Immutable;
using System.Diagnostics.Metrics;

namespace ControlPlane.Pipeline;

/// <summary>Policy reload instruments (meter <see cref="MeterName"/>); the host exports them with the other meters.</summary>
internal sealed class PipelineMetrics
{
    public const string MeterName = "ControlPlane.Host";

    private static readonly ImmutableArray<KeyValuePair<string, object?>> OutcomeTags =
    [
        .. Enum.GetValues<ReloadOutcome>().Select(o => new KeyValuePair<string, object?>("outcome", Label(o))),
    ];

    private readonly Counter<long> _reloads;
    private readonly Histogram<double> _reloadDuration;
    private readonly Counter<long> _validationErrors;
    private readonly Counter<long> _watchErrors;

    public PipelineMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _reloads = meter.CreateCounter<long>("policy_reloads", description: "Policy reloads, by outcome (applied, unchanged, rejected, failed).");
        _reloadDuration = meter.CreateHistogram(
            "policy_reload_duration",
            unit: "s",
            description: "Time of one reload, from reading the directory to publishing (or refusing), by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _validationErrors = meter.CreateCounter<long>("policy_validation_errors", description: "Errors reported by rejected or failed reloads (each file:line:col error counts once).");
        _watchErrors = meter.CreateCounter<long>("policy_watch_errors", description: "Errors while watching the policy directory (each followed by a reload attempt).");

        // Every series exists from the start, at zero, so a rate or an alert sees the first rejection.
        foreach (var outcome in OutcomeTags)
        {
            _reloads.Add(0, outcome);
        }

        _validationErrors.Add(0);
        _watchErrors.Add(0);
    }

    public void Reloaded(ReloadOutcome outcome, int errors, TimeSpan duration)
    {
        var tag = OutcomeTags[(int)outcome];
        _reloads.Add(1, tag);
        _reloadDuration.Record(duration.TotalSeconds, tag);
        if (errors > 0)
        {
            _validationErrors.Add(errors);
        }
    }

    public void WatchError() => _watchErrors.Add(1);

    private static string Label(ReloadOutcome outcome) => outcome switch
    {
        ReloadOutcome.Applied => "applied",
        ReloadOutcome.Unchanged => "unchanged",
        ReloadOutcome.Rejected => "rejected",
        _ => "failed",
    };
}
