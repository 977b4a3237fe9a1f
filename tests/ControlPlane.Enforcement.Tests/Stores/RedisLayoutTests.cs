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
        var future = RedisRecord.Claim(new string('a', 32), "fp", DateTimeOffset.UtcNow.AddMinutes(1));
        future[0] = 9;
        await direct.GetDatabase().StringSetAsync($"{options.RedisKeyPrefix}{{future}}", future);

        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.TryClaimAsync("future", "fp", TimeSpan.FromMinutes(1), default));
        Assert.Contains("layout version '9'", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.GetAsync("future", default));
        Assert.Equal(future, (byte[])(await direct.GetDatabase().StringGetAsync($"{options.RedisKeyPrefix}{{future}}"))!);
    }

    [StoreFact]
    public async Task A_key_of_layout_1_or_another_type_is_refused_cleanly_and_left_alone()
    {
        var (store, connector, options) = await CreateAsync();
        await using var _ = connector;
        await using var direct = await ConnectionMultiplexer.ConnectAsync((await redis.ServerAsync()).ConnectionString);
        var key = $"{options.RedisKeyPrefix}{{layout1}}";
        await direct.GetDatabase().HashSetAsync(key, [new HashEntry("v", "1"), new HashEntry("s", "p"), new HashEntry("t", "token")]);

        var claim = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.TryClaimAsync("layout1", "fp", TimeSpan.FromMinutes(1), default));
        Assert.Contains("layout version '1", claim.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.CompleteAsync("layout1", new string('a', 32), new StoredResponse(200, [], []), TimeSpan.FromMinutes(1), default));
        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.ReleaseAsync("layout1", new string('a', 32), default));
        Assert.Equal("token", (string?)await direct.GetDatabase().HashGetAsync(key, "t"));
    }

    [StoreFact]
    public async Task A_claim_is_one_string_value_and_completion_rewrites_it_in_place_with_the_ttl()
    {
        var (store, connector, options) = await CreateAsync();
        await using var _ = connector;
        await using var direct = await ConnectionMultiplexer.ConnectAsync((await redis.ServerAsync()).ConnectionString);
        var key = $"{options.RedisKeyPrefix}{{inplace}}";
        var claim = await store.TryClaimAsync("inplace", "print", TimeSpan.FromSeconds(30), default);

        var claimed = RedisRecord.Parse((byte[])(await direct.GetDatabase().StringGetAsync(key))!);
        Assert.False(claimed.Completed);
        Assert.Equal("print", claimed.Fingerprint);

        Assert.True(await store.CompleteAsync("inplace", claim.Token, new StoredResponse(201, [new("location", "/p/1"u8.ToArray())], "done"u8.ToArray()), TimeSpan.FromHours(2), default));
        var completed = RedisRecord.Parse((byte[])(await direct.GetDatabase().StringGetAsync(key))!);
        Assert.True(completed.Completed);
        Assert.Equal((claimed.Token, "print", 201, "done"), (completed.Token, completed.Fingerprint, completed.Response!.Status, System.Text.Encoding.UTF8.GetString(completed.Response.Body)));
        Assert.InRange(completed.RemainingAt(DateTimeOffset.UtcNow), TimeSpan.FromMinutes(119), TimeSpan.FromHours(2));
        Assert.InRange((await direct.GetDatabase().KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromMinutes(119), TimeSpan.FromHours(2));
    }

    private async Task<(RedisIdempotencyStore Store, RedisConnector Connector, EnforcementOptions Options)> CreateAsync()
    {
        var options = new EnforcementOptions();
        (await redis.StoreOptionsAsync())(options);
        var connector = new RedisConnector(Options.Create(options));
        return (new RedisIdempotencyStore(connector, Options.Create(options), TimeProvider.System), connector, options);
    }
}
