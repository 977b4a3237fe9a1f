using ControlPlane.Enforcement.Stores;
using ControlPlane.Enforcement.Stores.Redis;
using ControlPlane.Enforcement.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ControlPlane.Enforcement.Tests.Stores;

[RequiresRedis]
public sealed class RedisLayoutTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [StoreFact]
    public async Task Keys_are_hash_tagged_and_expire_with_the_lease()
    {
        var (store, connector, options) = await CreateAsync();
        await using var _ = connector;
        await store.TryClaimAsync("abc123", "fp", TimeSpan.FromMinutes(5), default);

        await using var direct = await ConnectionMultiplexer.ConnectAsync((await redis.ServerAsync()).ConnectionString);
        var ttl = await direct.GetDatabase().KeyTimeToLiveAsync($"{options.RedisKeyPrefix}{{abc123}}");

        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
    }

    [StoreFact]
    public async Task A_key_written_in_an_unknown_layout_is_refused_cleanly()
    {
        var (store, connector, options) = await CreateAsync();
        await using var _ = connector;
        await using var direct = await ConnectionMultiplexer.ConnectAsync((await redis.ServerAsync()).ConnectionString);
        await direct.GetDatabase().HashSetAsync($"{options.RedisKeyPrefix}{{future}}", [new HashEntry("v", "9"), new HashEntry("s", "c")]);

        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.TryClaimAsync("future", "fp", TimeSpan.FromMinutes(1), default));
        Assert.Contains("layout version '9'", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.GetAsync("future", default));
    }

    private async Task<(RedisIdempotencyStore Store, RedisConnector Connector, EnforcementOptions Options)> CreateAsync()
    {
        var options = new EnforcementOptions();
        (await redis.StoreOptionsAsync())(options);
        var connector = new RedisConnector(Options.Create(options));
        return (new RedisIdempotencyStore(connector, Options.Create(options), TimeProvider.System), connector, options);
    }
}
