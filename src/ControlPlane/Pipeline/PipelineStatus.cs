using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace ControlPlane.Pipeline;

[JsonConverter(typeof(JsonStringEnumConverter<ReloadOutcome>))]
internal enum ReloadOutcome
{
    /// <summary>A new policy set is being served.</summary>
    Applied,

    /// <summary>Valid, and the same as the one served: nothing was published.</summary>
    Unchanged,

    /// <summary>Invalid or refused: the last good config keeps serving.</summary>
    Rejected,

    /// <summary>An unexpected error; treated like a rejection.</summary>
    Failed,
}

/// <summary>The outcome of one policy reload, for /status and /readyz. Swapped whole, never mutated.</summary>
/// <param name="GroupVersions">The snapshot version per gateway group this reload produced; null when it produced none.</param>
/// <param name="Rules">The idempotency rules this reload produced; null when it produced none.</param>
internal sealed record ReloadReport(
    DateTimeOffset At,
    ReloadOutcome Outcome,
    ImmutableArray<string> Errors,
    ImmutableDictionary<string, string>? GroupVersions,
    int? Rules)
{
    public bool Succeeded => Outcome is ReloadOutcome.Applied or ReloadOutcome.Unchanged;
}

internal sealed class PipelineStatus
{
    private ReloadReport? _latest;
    private ReloadReport? _lastGood;
    private long _reloads;

    /// <summary>Reloads attempted since start; a debounced burst counts once.</summary>
    public long Reloads => Interlocked.Read(ref _reloads);

    public ReloadReport? Latest => Volatile.Read(ref _latest);

    /// <summary>The config being served, as of when it last changed: a failed or no-op reload leaves it as it is.</summary>
    public ReloadReport? LastGood => Volatile.Read(ref _lastGood);

    public void Record(ReloadReport report)
    {
        Volatile.Write(ref _latest, report);
        if (report.Outcome is ReloadOutcome.Applied)
        {
            Volatile.Write(ref _lastGood, report);
        }

        Interlocked.Increment(ref _reloads);
    }
}
