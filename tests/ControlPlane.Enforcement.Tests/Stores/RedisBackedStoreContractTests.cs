using ControlPlane.Enforcement.Stores;
using ControlPlane.Enforcement.Stores.Redis;
using Microsoft.Extensions.Options;

namespace ControlPlane.Enforcement.Tests.Stores;

/// <summary>The store contract on a real Redis, one node or a cluster: the subclass says which.</summary>
public abstract class RedisBackedStoreContractTests : StoreContractTests
{
    private RedisConnector? _connector;

    /// <summary>Real time: Redis keeps the lifetimes itself.</summary>
    private protected override TimeSpan ShortLife => TimeSpan.FromMilliseconds(200);

    private protected RedisConnector Connector => _connector ?? throw new InvalidOperationException("not initialized");

    /// <summary>The store's options: connection, and a key prefix of its own so tests sharing a server never share keys.</summary>
    private protected abstract Task<EnforcementOptions> OptionsAsync();

    private protected override async Task<IIdempotencyStore> CreateStoreAsync()
    {
        var options = await OptionsAsync();
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
