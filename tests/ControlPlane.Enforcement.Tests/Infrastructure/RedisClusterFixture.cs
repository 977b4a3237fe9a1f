namespace ControlPlane.Enforcement.Tests.Infrastructure;

/// <summary>One Redis Cluster per test class, started by the first test that needs it.</summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private readonly Lazy<Task<RedisCluster>> _cluster = new(RedisCluster.StartAsync);

    internal Task<RedisCluster> ClusterAsync() => _cluster.Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_cluster.IsValueCreated && _cluster.Value.IsCompletedSuccessfully)
        {
            await _cluster.Value.Result.DisposeAsync();
        }
    }
}
