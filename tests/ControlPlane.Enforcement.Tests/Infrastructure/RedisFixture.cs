namespace ControlPlane.Enforcement.Tests.Infrastructure;

/// <summary>One redis-server per test class, started by the first test that needs it (skipped classes start none).</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private readonly Lazy<Task<RedisServer>> _server = new(RedisServer.StartAsync);

    internal Task<RedisServer> ServerAsync() => _server.Value;

    /// <summary>Options for a store of its own: a fresh key prefix, so tests sharing the server never share keys.</summary>
    internal async Task<Action<EnforcementOptions>> StoreOptionsAsync()
    {
        var server = await ServerAsync();
        var prefix = $"t{Guid.NewGuid():N}:";
        return options =>
        {
            options.Store = EnforcementStoreKind.Redis;
            options.RedisConnection = server.ConnectionString;
            options.RedisKeyPrefix = prefix;

            // A loaded CI machine must not turn a slow answer into "store unavailable".
            options.RedisTimeout = TimeSpan.FromSeconds(5);
        };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server.IsValueCreated && _server.Value.IsCompletedSuccessfully)
        {
            await _server.Value.Result.DisposeAsync();
        }
    }
}
