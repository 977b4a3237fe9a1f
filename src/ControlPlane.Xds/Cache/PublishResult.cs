using System.Collections.Immutable;

namespace ControlPlane.Xds.Cache;

public enum PublishOutcome
{
    /// <summary>The snapshot is now served.</summary>
    Published,

    /// <summary>Same content as the one served: nothing changed, nothing is sent.</summary>
    Unchanged,

    /// <summary>The snapshot failed the consistency check; the previous one keeps serving.</summary>
    Rejected,
}

/// <param name="ChangedResources">Resources added, changed or removed, as "TYPE/name"; empty unless published.</param>
public sealed record PublishResult(PublishOutcome Outcome, string Version, ImmutableArray<string> Errors, ImmutableArray<string> ChangedResources);
