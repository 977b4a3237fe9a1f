using ControlPlane.Enforcement.Stores;
using ControlPlane.Enforcement.Stores.Redis;
using ControlPlane.Enforcement.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace ControlPlane.Enforcement.Tests.Stores;

/// <summary>
/// The store contract on a real six-node Redis Cluster: every key and its scripts stay on the one slot its hash tag
/// names, so claims, completions, releases, replays and 200 concurrent duplicates behave as on one node.
/// </summary>
[RequiresRedis]
public sealed class RedisClusterStoreContractTests(RedisClusterFixture redis) : StoreContractTests, IClassFixture<RedisClusterFixture>
{
    private RedisConnector? _connector;

    private protected override TimeSpan ShortLife => TimeSpan.FromMilliseconds(200);

    private protected override async Task<IIdempotencyStore> CreateStoreAsync()
    {
        var cluster = await redis.ClusterAsync();
        var options = new EnforcementOptions
        {
            Store = EnforcementStoreKind.Redis,
            RedisConnection = cluster.ConnectionString,
            RedisKeyPrefix = $"t{Guid.NewGuid():N}:",
            RedisTimeout = TimeSpan.FromSeconds(5),
        };
        _connector = new RedisConnector(Options.Create(options));
        var store = new RedisIdempotencyStore(_connector, Options.Create(options), TimeProvider.System);
        await store.GetAsync("warm-up", default);
        return store;
    }

    private protected override async Task LetExpireAsync(string key)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await Store.GetAsync(key, default) is not null)
        {
            Assert.True(DateTime.UtcNow < deadline, "Redis did not expire the key");
            await Task.Delay(25);
        }
    }

    [StoreFact]
    public async Task The_store_talks_to_a_cluster_of_three_masters_with_keys_on_several_of_them()
    {
        var database = await _connector!.GetDatabaseAsync(default);
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

    public override async Task DisposeAsync()
    {
        if (_connector is not null)
        {
            await _connector.DisposeAsync();
        }
    }
}
