using System.Collections.Immutable;
using ControlPlane.Enforcement;
using ControlPlane.Ir;
using ControlPlane.Policy;
using ControlPlane.Translation;
using ControlPlane.Xds.Cache;

namespace ControlPlane.Pipeline;

/// <summary>
/// policy source -> validated model -> IR -> Envoy resources -> snapshot cache, plus compiled rules for enforcement.
/// All or nothing: any load error, or any gateway whose snapshot fails the consistency check, publishes nothing and
/// the last good config keeps serving.
/// </summary>
internal sealed class PolicyPipeline(
    GatewaySnapshotBuilder snapshots,
    PipelineStatus status,
    TimeProvider time,
    ILogger<PolicyPipeline> logger,
    ISnapshotCache? cache = null,
    IdempotencyRuleRegistry? rules = null)
{
    private readonly Lock _reloadLock = new();

    public ReloadReport Reload(string directory)
    {
        lock (_reloadLock)
        {
            var report = ReloadLocked(directory);
            status.Record(report);
            return report;
        }
    }

    private ReloadReport ReloadLocked(string directory)
    {
        var loaded = PolicyLoader.LoadDirectory(directory);
        if (loaded.Fleet is not { } fleet)
        {
            return Reject(directory, [.. loaded.Errors.Select(e => e.ToString())]);
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

        Log.ReloadApplied(logger, directory, fleet.Gateways.Length, fleet.Rules.Length);
        return new ReloadReport(time.GetUtcNow(), true, [], built.ToImmutableDictionary(g => g.Key, g => g.Value.Version), fleet.Rules.Length);
    }

    private ReloadReport Reject(string directory, ImmutableArray<string> errors)
    {
        foreach (var error in errors)
        {
            Log.PolicyError(logger, error);
        }

        Log.ReloadRejected(logger, directory, errors.Length);
        return new(time.GetUtcNow(), false, errors, status.LastGood?.GroupVersions ?? ImmutableDictionary<string, string>.Empty, status.LastGood?.Rules ?? 0);
    }
}
