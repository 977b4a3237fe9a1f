using ControlPlane.Xds.Status;

namespace ControlPlane.Xds.Tests;

/// <summary>What outlives a rejecting stream is bounded: per node and type, and in the number of nodes.</summary>
public sealed class RejectionMemoryTests
{
    [Fact]
    public void Only_the_latest_rejections_of_a_node_and_type_are_kept()
    {
        var memory = new RejectionMemory(TimeProvider.System);

        for (var i = 0; i < RejectionMemory.PerType + 10; i++)
        {
            memory.Remember("n", 3, Rejection($"v{i}"));
        }

        var kept = memory.Of("n", 3);
        Assert.Equal(RejectionMemory.PerType, kept.Count);
        Assert.Equal("v10", kept[0].Key);
        Assert.Empty(memory.Of("n", 0));
        Assert.Empty(memory.Of("other", 3));
    }

    [Fact]
    public void Beyond_the_capacity_the_least_recently_rejecting_nodes_are_forgotten()
    {
        var memory = new RejectionMemory(TimeProvider.System, capacity: 100);

        for (var i = 0; i < 1_000; i++)
        {
            memory.Remember($"node-{i}", 0, Rejection("v"));
        }

        Assert.InRange(memory.NodeCount, 1, 100);
        Assert.NotEmpty(memory.Of("node-999", 0));
        Assert.Empty(memory.Of("node-0", 0));
    }

    [Fact]
    public void Beyond_the_character_budget_the_least_recently_rejecting_nodes_are_forgotten()
    {
        var memory = new RejectionMemory(TimeProvider.System, capacity: 1_000_000, maxChars: 100_000);

        for (var i = 0; i < 1_000; i++)
        {
            memory.Remember($"node-{i}", 0, Rejection("v", error: new string('e', 1_000)));
        }

        Assert.InRange(memory.Chars, 1, 100_000);
        Assert.NotEmpty(memory.Of("node-999", 0));
        Assert.Empty(memory.Of("node-0", 0));
    }

    private static Rejection Rejection(string version, string error = "bad") => new(version, "", "held", version, error, DateTimeOffset.UnixEpoch);
}
