using ControlPlane.Xds.Cache;

namespace ControlPlane.Xds.Tests;

/// <summary>What a delta node holds: sorted, changed by difference, and shared unchanged wherever possible.</summary>
public sealed class HeldVersionsTests
{
    private static readonly HeldVersions AB = HeldVersions.None.With([("b", "2"), ("a", "1")]);

    [Fact]
    public void Entries_stay_in_name_order_and_are_found_by_name()
    {
        Assert.Equal([("a", "1"), ("b", "2")], AB.Entries.ToArray());
        Assert.True(AB.TryGet("b", out var version));
        Assert.Equal("2", version);
        Assert.False(AB.TryGet("c", out _));
    }

    [Fact]
    public void Changes_set_add_and_remove_and_the_last_change_of_a_name_wins()
    {
        var changed = AB.With([("c", "3"), ("a", null), ("b", "9"), ("c", "4")]);

        Assert.Equal([("b", "9"), ("c", "4")], changed.Entries.ToArray());
        Assert.Equal([("a", "1"), ("b", "2")], AB.Entries.ToArray());
    }

    [Fact]
    public void Changes_that_change_nothing_keep_the_same_instance()
    {
        Assert.Same(AB, AB.With([("a", "1"), ("z", null)]));
        Assert.Same(HeldVersions.None, AB.With([("a", null), ("b", null)]));
    }

    [Fact]
    public void Equal_contents_are_the_same_holdings()
    {
        Assert.True(AB.SameAs(HeldVersions.None.With([("a", "1"), ("b", "2")])));
        Assert.False(AB.SameAs(AB.With([("b", "3")])));
        Assert.False(AB.SameAs(AB.With([("c", "3")])));
    }
}
