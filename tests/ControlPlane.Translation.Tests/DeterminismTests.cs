using ControlPlane.Translation.Tests.Support;

namespace ControlPlane.Translation.Tests;

public sealed class DeterminismTests
{
    public static TheoryData<string> Cases => GoldenTranslationTests.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Translating_twice_gives_the_same_bytes(string name)
    {
        var golden = GoldenCase.Named(name);

        var first = golden.TranslateAll().Select(r => r.SerializedByName()).ToList();
        var second = golden.TranslateAll().Select(r => r.SerializedByName()).ToList();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Rule_dictionary_order_does_not_matter()
    {
        var fleet = GoldenCase.Named("two-policies-one-route").Fleet;
        var forward = fleet.Rules.ToDictionary(r => r.Name);
        var backward = fleet.Rules.Reverse().ToDictionary(r => r.Name);

        Assert.Equal(
            EnvoyTranslator.Translate(fleet.Gateways[0], forward).SerializedByName(),
            EnvoyTranslator.Translate(fleet.Gateways[0], backward).SerializedByName());
    }

    [Fact]
    public void Resources_are_ordered_by_name_within_each_type()
    {
        foreach (var resources in GoldenCase.All().SelectMany(c => c.TranslateAll()))
        {
            foreach (var list in new[] { resources.Clusters, resources.ClusterLoadAssignments, resources.Listeners, resources.RouteConfigurations })
            {
                Assert.Equal(list.Select(r => r.Name).Order(StringComparer.Ordinal), list.Select(r => r.Name));
            }
        }
    }

    [Fact]
    public void All_lists_types_in_cds_eds_lds_rds_order()
    {
        var resources = GoldenCase.Named("header-key-policy").TranslateAll()[0];

        Assert.Equal(
            ["Cluster", "ClusterLoadAssignment", "Listener", "RouteConfiguration"],
            resources.All.Select(r => r.Message.Descriptor.Name).Distinct());
    }
}
