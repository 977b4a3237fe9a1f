namespace ControlPlane.Xds.Cache;

/// <summary>The one seam between whatever produces config and the xDS servers that stream it.</summary>
public interface ISnapshotCache
{
    /// <summary>Checks consistency, then atomically replaces the group's snapshot and wakes its streams.</summary>
    PublishResult Publish(string group, XdsSnapshot snapshot);

    /// <summary>The consistency errors <see cref="Publish"/> would refuse the snapshot for; empty when it is consistent.</summary>
    System.Collections.Immutable.ImmutableArray<string> Check(XdsSnapshot snapshot);

    /// <summary>Stops serving a group (its gateway was deleted); connected Envoys keep their last config.</summary>
    void Remove(string group);

    XdsSnapshot? Get(string group);

    IReadOnlyCollection<string> Groups { get; }

    /// <summary>True once any snapshot has been published.</summary>
    bool HasPublished { get; }
}
