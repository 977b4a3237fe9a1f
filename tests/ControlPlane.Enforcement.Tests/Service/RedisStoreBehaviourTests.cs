using ControlPlane.Enforcement.Tests.Infrastructure;

namespace ControlPlane.Enforcement.Tests.Service;

[RequiresRedis]
public sealed class RedisStoreBehaviourTests(RedisFixture redis) : EnforcementBehaviourTests, IClassFixture<RedisFixture>
{
    private protected override Task<Action<EnforcementOptions>> StoreOptionsAsync() => redis.StoreOptionsAsync();
}
