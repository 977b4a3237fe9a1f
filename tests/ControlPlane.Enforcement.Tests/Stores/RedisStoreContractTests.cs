using ControlPlane.Enforcement.Tests.Infrastructure;

namespace ControlPlane.Enforcement.Tests.Stores;

[RequiresRedis]
public sealed class RedisStoreContractTests(RedisFixture redis) : RedisBackedStoreContractTests, IClassFixture<RedisFixture>
{
    private protected override async Task<EnforcementOptions> OptionsAsync()
    {
        var options = new EnforcementOptions();
        (await redis.StoreOptionsAsync())(options);
        return options;
    }
}
