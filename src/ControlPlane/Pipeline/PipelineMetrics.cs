using System.Diagnostics.Metrics;

namespace ControlPlane.Pipeline;

/// <summary>Policy reload counters; the host exports them with the other meters.</summary>
internal sealed class PipelineMetrics
{
    public const string MeterName = "ControlPlane.Host";

    private readonly Counter<long> _reloads;
    private readonly Counter<long> _watchErrors;

    public PipelineMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _reloads = meter.CreateCounter<long>("policy_reloads", description: "Policy reloads, by outcome (applied, unchanged, rejected, failed).");
        _watchErrors = meter.CreateCounter<long>("policy_watch_errors", description: "Errors while watching the policy directory (each followed by a reload attempt).");
    }

    public void Reloaded(ReloadOutcome outcome) => _reloads.Add(1, new KeyValuePair<string, object?>("outcome", outcome switch
    {
        ReloadOutcome.Applied => "applied",
        ReloadOutcome.Unchanged => "unchanged",
        ReloadOutcome.Rejected => "rejected",
        _ => "failed",
    }));

    public void WatchError() => _watchErrors.Add(1);
}
