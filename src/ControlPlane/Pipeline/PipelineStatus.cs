using System.Collections.Immutable;

namespace ControlPlane.Pipeline;

/// <summary>The outcome of the latest policy reload, for /status and /readyz. Swapped whole, never mutated.</summary>
internal sealed record ReloadReport(
    DateTimeOffset At,
    bool Succeeded,
    ImmutableArray<string> Errors,
    ImmutableDictionary<string, string> GroupVersions,
    int Rules);

internal sealed class PipelineStatus
{
    private ReloadReport? _latest;
    private ReloadReport? _lastGood;
    private long _reloads;

    /// <summary>Reloads attempted since start; a debounced burst counts once.</summary>
    public long Reloads => Interlocked.Read(ref _reloads);

    public ReloadReport? Latest => Volatile.Read(ref _latest);

    /// <summary>The config being served; stays put when a later reload fails.</summary>
    public ReloadReport? LastGood => Volatile.Read(ref _lastGood);

    public void Record(ReloadReport report)
    {
        Volatile.Write(ref _latest, report);
        Interlocked.Increment(ref _reloads);
        if (report.Succeeded)
        {
            Volatile.Write(ref _lastGood, report);
        }
    }
}
