using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ControlPlane.Xds.Cache;
using ControlPlane.Xds.Protocol;

namespace ControlPlane.Xds.Tests;

/// <summary>
/// The per-stream subscription set: a SotW ACK restates it and must be recognised as no change (so it costs no push),
/// whatever the order or repetition of its names; any real difference must be seen.
/// </summary>
public sealed class SubscriptionSetTests
{
    [Fact]
    public void A_restatement_in_another_order_with_repeats_is_no_change()
    {
        var subscription = new Subscription();
        Assert.True(subscription.Replace(["b", "a", "c"], legacyWildcard: false, known: null));

        Assert.False(subscription.Replace(["c", "a", "b", "a"], legacyWildcard: false, known: null));
        Assert.Equal(["a", "b", "c"], subscription.Names.ToArray());
    }

    [Theory]
    [InlineData("a,b")]
    [InlineData("a,b,c,d")]
    [InlineData("a,b,d")]
    [InlineData("a,a,b,b")]
    [InlineData("a,b,c,*")]
    public void Any_other_set_is_a_change(string names)
    {
        var subscription = new Subscription();
        subscription.Replace(["a", "b", "c"], legacyWildcard: false, known: null);

        Assert.True(subscription.Replace(names.Split(','), legacyWildcard: false, known: null));
    }

    [Fact]
    public void An_empty_request_of_a_wildcard_capable_type_means_everything_until_names_are_given()
    {
        var subscription = new Subscription();
        Assert.True(subscription.Replace([], legacyWildcard: true, known: null));
        Assert.True(subscription.Wildcard);
        Assert.False(subscription.Replace([], legacyWildcard: true, known: null));

        Assert.True(subscription.Replace(["a"], legacyWildcard: true, known: null));
        Assert.False(subscription.Wildcard);
        Assert.True(subscription.Includes("a"));
        Assert.False(subscription.Includes("b"));
    }

    [Fact]
    public void Names_the_snapshot_knows_are_kept_as_its_own_instances()
    {
        var set = XdsSnapshot.Create([XdsResource.Create("svc", new Envoy.Config.Cluster.V3.Cluster { Name = "svc" })]).Get(ResourceTypes.Cluster);
        var requested = new string("svc".AsSpan());

        var subscription = new Subscription();
        subscription.Replace([requested, "unknown"], legacyWildcard: false, known: set);

        Assert.Same(set.InNameOrder[0].Name, subscription.Names[0]);
        Assert.NotSame(requested, subscription.Names[0]);
        Assert.Equal("unknown", subscription.Names[1]);
    }

    [Fact]
    public void Delta_changes_apply_by_difference_and_an_ack_changes_nothing()
    {
        var subscription = new Subscription();
        Assert.Equal(["b", "a"], subscription.Apply(["b", "a"], [], legacyWildcard: false, known: null));
        Assert.Empty(subscription.Apply([], [], legacyWildcard: false, known: null));

        subscription.Apply(["c", "a"], ["b"], legacyWildcard: false, known: null);
        Assert.Equal(["a", "c"], subscription.Names.ToArray());

        Assert.Equal([Subscription.WildcardName], subscription.Apply([], [], legacyWildcard: true, known: null));
        Assert.True(subscription.Includes("anything"));
        subscription.Apply([], [Subscription.WildcardName], legacyWildcard: false, known: null);
        Assert.False(subscription.Includes("anything"));
        Assert.True(subscription.Includes("c"));
    }

    [Fact]
    public void Streams_subscribing_to_the_same_names_share_one_list_and_different_names_do_not()
    {
        var set = XdsSnapshot.Create([XdsResource.Create("a", new Envoy.Config.Cluster.V3.Cluster { Name = "a" }), XdsResource.Create("b", new Envoy.Config.Cluster.V3.Cluster { Name = "b" })]).Get(ResourceTypes.Cluster);
        Subscription first = new(), second = new(), other = new(), delta = new();

        first.Replace(["a", "b"], legacyWildcard: false, known: set);
        second.Replace(["b", "a", "b"], legacyWildcard: false, known: set);
        delta.Apply(["a", "b"], [], legacyWildcard: false, known: set);
        other.Replace(["a"], legacyWildcard: false, known: set);

        Assert.True(SameList(first, second));
        Assert.False(SameList(first, other));
        Assert.Equal(["a"], other.Names.ToArray());
        Assert.True(SameList(first, delta));
        Assert.Equal(["a", "b"], second.Names.ToArray());
    }

    private static bool SameList(Subscription one, Subscription two) =>
        Unsafe.AreSame(ref MemoryMarshal.GetReference(one.Names), ref MemoryMarshal.GetReference(two.Names));
}
