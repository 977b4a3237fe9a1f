using System.Collections.Immutable;
using ControlPlane.Enforcement;
using ControlPlane.Ir;
using ControlPlane.Policy;
using ControlPlane.Translation;
using ControlPlane.Xds.Cache;

namespace ControlPlane.Pipeline;

/// <summary>
/// policy source -> validated model -> IR -> Envoy resources -> snapshot cache, plus compiled rules for enforcement.
/// All or nothing: any load error, any gateway whose snapshot fails the consistency check, a set that would switch
/// protection off, or any unexpected exception publishes nothing and the last good config keeps serving.
/// </summary>
internal sealed class PolicyPipeline(
    GatewaySnapshotBuilder snapshots,
    PipelineStatus status,
    PipelineMetrics metrics,
    TimeProvider time,
    ILogger<PolicyPipeline> logger,
    ISnapshotCache? cache = null,
    IdempotencyRuleRegistry? rules = null)
{
    private readonly Lock _reloadLock = new();
    private FleetIr? _served;

    public ReloadReport Reload(string directory)
    {
        lock (_reloadLock)
        {
            var started = time.GetTimestamp();
            ReloadReport report;
            try
            {
                report = ReloadLocked(directory);
            }
            catch (Exception e)
            {
                // Never let a reload take the process down: a bug here must not switch the fleet's protection off.
                Log.ReloadFailed(logger, directory, e);
                report = new(time.GetUtcNow(), ReloadOutcome.Failed, [$"{directory}: internal error while reloading: {e.GetType().Name}: {e.Message}"], null, null);
            }

            status.Record(report);
            metrics.Reloaded(report.Outcome, report.Errors.Length, time.GetElapsedTime(started));
            return report;
        }
    }

    private ReloadReport ReloadLocked(string directory)
    {
        var loaded = PolicyLoader.LoadDirectory(directory);
        foreach (var warning in loaded.Warnings)
        {
            Log.PolicyWarning(logger, warning.ToString());
        }

        if (loaded.Fleet is not { } fleet)
        {
            return Reject(directory, [.. loaded.Errors.Select(e => e.ToString())]);
        }

        var refusals = ProtectionGuard.Refusals(loaded, [.. _served?.Gateways.Select(g => g.Name) ?? []]);
        if (!refusals.IsEmpty)
        {
            return Reject(directory, [.. refusals.Select(r => $"{directory}: {r}")]);
        }

        if (fleet.Equals(_served))
        {
            return new ReloadReport(time.GetUtcNow(), ReloadOutcome.Unchanged, [], status.LastGood?.GroupVersions, fleet.Rules.Length);
        }

        // Only the xDS role needs Envoy resources; enforcement alone (--role extproc) takes the compiled rules as they are.
        var built = ImmutableDictionary<string, XdsSnapshot>.Empty;
        if (cache is not null)
        {
            try
            {
                var rulesByName = EnvoyTranslator.RulesByName(fleet);
                built = fleet.Gateways.ToImmutableDictionary(g => g.Name, g => snapshots.Build(g, rulesByName), StringComparer.Ordinal);
            }
            catch (TranslationException e)
            {
                // The validator should have caught it; translating refuses rather than publish a broken gateway.
                return Reject(directory, [.. e.Errors.Select(error => $"gateway '{e.GatewayName}': {error}")]);
            }

            var inconsistent = built.SelectMany(g => cache.Check(g.Value).Select(e => $"gateway '{g.Key}': {e}")).ToImmutableArray();
            if (!inconsistent.IsEmpty)
            {
                return Reject(directory, inconsistent);
            }

            snapshots.Retain(built.Keys.ToHashSet(StringComparer.Ordinal));
        }

        // Rules first: a route that names a new rule must find it when Envoy starts calling. The registry refuses a
        // set it cannot compile and keeps the old one; then nothing is published either.
        try
        {
            rules?.Update(fleet.Rules);
        }
        catch (ArgumentException e)
        {
            return Reject(directory, [$"idempotency rules: {e.Message}"]);
        }

        if (cache is not null)
        {
            foreach (var (group, snapshot) in built)
            {
                cache.Publish(group, snapshot);
            }

            foreach (var gone in cache.Groups.Where(g => !built.ContainsKey(g)))
            {
                cache.Remove(gone);
            }
        }

        _served = fleet;
        Log.ReloadApplied(logger, directory, fleet.Gateways.Length, fleet.Rules.Length);
        return new ReloadReport(time.GetUtcNow(), ReloadOutcome.Applied, [], built.ToImmutableDictionary(g => g.Key, g => g.Value.Version), fleet.Rules.Length);
    }

    private ReloadReport Reject(string directory, ImmutableArray<string> errors)
    {
        foreach (var error in errors)
        {
            Log.PolicyError(logger, error);
        }

        Log.ReloadRejected(logger, directory, errors.Length);
        return new(time.GetUtcNow(), ReloadOutcome.Rejected, errors, null, null);
    }
}
