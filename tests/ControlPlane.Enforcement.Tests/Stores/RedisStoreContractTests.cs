using ControlPlane.Enforcement.Stores;
using ControlPlane.Enforcement.Stores.Redis;
using ControlPlane.Enforcement.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace ControlPlane.Enforcement.Tests.Stores;

[RequiresRedis]
public sealed class RedisStoreContractTests(RedisFixture redis) : StoreContractTests, IClassFixture<RedisFixture>
{
    private RedisConnector? _connector;

    /// <summary>Real time: Redis keeps the lifetimes itself.</summary>
    private protected override TimeSpan ShortLife => TimeSpan.FromMilliseconds(200);

    private protected override async Task<IIdempotencyStore> CreateStoreAsync()
    {
        var options = new EnforcementOptions();
        (await redis.StoreOptionsAsync())(options);
        _connector = new RedisConnector(Options.Create(options));
        var store = new RedisIdempotencyStore(_connector, Options.Create(options), TimeProvider.System);

        // Connected before the test starts, so a burst of claims does not race the first connection.
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

    public override async Task DisposeAsync()
    {
        if (_connector is not null)
        {
            await _connector.DisposeAsync();
        }
    }
}
