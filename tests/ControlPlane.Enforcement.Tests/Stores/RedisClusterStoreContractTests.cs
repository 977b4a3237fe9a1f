using ControlPlane.Enforcement.Tests.Infrastructure;

namespace ControlPlane.Enforcement.Tests.Stores;

/// <summary>
/// The store contract on a real six-node Redis Cluster: every key and its scripts stay on the one slot its hash tag
/// names, so claims, completions, releases, replays and 200 concurrent duplicates behave as on one node.
/// </summary>
[RequiresRedis]
public sealed class RedisClusterStoreContractTests(RedisClusterFixture redis) : RedisBackedStoreContractTests, IClassFixture<RedisClusterFixture>
{
    private protected override async Task<EnforcementOptions> OptionsAsync() => new()
    {
        Store = EnforcementStoreKind.Redis,
        RedisConnection = (await redis.ClusterAsync()).ConnectionString,
        RedisKeyPrefix = $"t{Guid.NewGuid():N}:",
        RedisTimeout = TimeSpan.FromSeconds(5),
    };

    [StoreFact]
    public async Task The_store_talks_to_a_cluster_of_three_masters_with_keys_on_several_of_them()
    {
        var database = await Connector.GetDatabaseAsync(default);
        var servers = database.Multiplexer.GetServers();

        Assert.All(servers, s => Assert.Equal(StackExchange.Redis.ServerType.Cluster, s.ServerType));
        Assert.Equal(3, servers.Count(s => !s.IsReplica));
        var keys = Enumerable.Range(0, 50).Select(i => $"spread-{i}").ToList();
        foreach (var key in keys)
        {
            await Store.TryClaimAsync(key, "fp", LongLife, default);
        }

        var mastersHoldingKeys = servers.Where(s => !s.IsReplica).Count(s => s.DatabaseSize() > 0);
        Assert.True(mastersHoldingKeys >= 2, $"keys landed on {mastersHoldingKeys} master(s) only");
    }
}
