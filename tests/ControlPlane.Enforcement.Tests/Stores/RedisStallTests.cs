using ControlPlane.Enforcement.Tests.Infrastructure;
using ControlPlane.Enforcement.Tests.Service;
using StackExchange.Redis;

namespace ControlPlane.Enforcement.Tests.Stores;

/// <summary>A real redis-server that hangs (<c>CLIENT PAUSE</c>) under a running service: not down, stalled.</summary>
[RequiresRedis]
public sealed class RedisStallTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [StoreFact]
    public async Task A_paused_redis_gets_our_503_before_envoys_timer_and_the_claim_that_lands_after_the_pause_is_withdrawn()
    {
        var rule = TestRules.Create();
        var storeOptions = await redis.StoreOptionsAsync();
        await using var host = await ExtProcTestHost.StartAsync(
            options =>
            {
                storeOptions(options);
                options.StoreDeadlineMargin = StalledStoreTests.Margin;
            },
            time: null,
            rule);
        var envoy = new FakeEnvoy(host.Client, rule.Name, rule.NeedsRequestBody, rule.FailureMode) { MessageTimeout = StalledStoreTests.MessageTimeout };
        var backend = new Backend(UpstreamResponse.Json(201, "{}"));
        await envoy.SendAsync(HttpRequestSpec.Post("warm-up"), backend.Handle);

        // Closed only after the pause: closing sends QUIT, which the pause would hold too.
        await using var admin = await ConnectionMultiplexer.ConnectAsync((await redis.ServerAsync()).ConnectionString + ",allowAdmin=true");

        // Longer than the store's deadline (500 ms), shorter than the store's own command timeout (5 s).
        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "1500", "ALL");
        var stalled = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);
        await host.Decisions.WaitForAsync(DecisionOutcomes.Withdrawn);
        var retry = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);

        Assert.False(stalled.TimedOut, "Envoy's message timer fired: the service outlasted it");
        Assert.Equal(503, stalled.Status);
        Assert.Equal(ProblemTypes.StoreUnavailable, stalled.Problem().GetProperty("type").GetString());
        Assert.True(retry.ReachedBackend, "the claim that landed after the pause still blocks the key");
        Assert.Equal(2, backend.Calls);
        host.AssertNoErrors();
    }
}
