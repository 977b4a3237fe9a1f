using ControlPlane.Xds.Cache;

namespace ControlPlane.Xds.Tests;

/// <summary>The replacement signal streams sleep on: the replacement is visible to whoever the signal wakes.</summary>
public sealed class GroupSnapshotTests
{
    [Fact]
    public void A_woken_registration_sees_the_replacement_and_only_the_first_replacement_counts()
    {
        var current = new GroupSnapshot(null);
        GroupSnapshot? seen = null;
        using var registration = current.Replaced.Register(() => seen = current.Next);
        var first = new GroupSnapshot(null);

        current.SignalReplacedBy(first);
        current.SignalReplacedBy(new GroupSnapshot(null));

        Assert.Same(first, seen);
        Assert.Same(first, current.Next);
    }

    [Fact]
    public void A_removed_registration_is_not_woken()
    {
        var current = new GroupSnapshot(null);
        var woken = false;
        var registration = current.Replaced.Register(() => woken = true);

        registration.Unregister();
        current.SignalReplacedBy(new GroupSnapshot(null));

        Assert.False(woken);
    }
}
