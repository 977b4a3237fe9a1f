using ControlPlane.Enforcement.Tests.Infrastructure;
using ControlPlane.Enforcement.Tests.Service;
using StackExchange.Redis;
using ControlPlane.Testing;

namespace ControlPlane.Enforcement.Tests.Stores;

/// <summary>A real redis-server that hangs under a running service (not down: stalled), two ways.</summary>
[RequiresRedis]
public sealed class RedisStallTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [StoreFact]
    public async Task A_paused_redis_gets_our_503_before_envoys_timer_and_the_claim_that_lands_after_the_pause_is_withdrawn()
    {
        var server = await redis.ServerAsync();

        // Closed only after the pause: closing sends QUIT, which the pause would hold too.
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");

        // Longer than the store's deadline (500 ms), shorter than the store's own command timeout (5 s).
        await StalledRequestIsAnsweredAndWithdrawnAsync(
            server.ConnectionString,
            stall: () => admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "1500", "ALL"),
            resume: () => { });
    }

    [StoreFact]
    public async Task A_network_that_stops_forwarding_to_redis_gets_our_503_and_the_claim_that_lands_later_is_withdrawn()
    {
        await using var network = new TcpForwarder((await redis.ServerAsync()).Port);

        await StalledRequestIsAnsweredAndWithdrawnAsync(
            $"127.0.0.1:{network.Port}",
            stall: () =>
            {
                network.Stall();
                return Task.CompletedTask;
            },
            resume: network.Resume);
    }

    private async Task StalledRequestIsAnsweredAndWithdrawnAsync(string connection, Func<Task> stall, Action resume)
    {
        var rule = TestRules.Create();
        var storeOptions = await redis.StoreOptionsAsync();
        await using var host = await ExtProcTestHost.StartAsync(
            options =>
            {
                storeOptions(options);
                options.RedisConnection = connection;
                options.StoreDeadlineMargin = StalledStoreTests.Margin;
            },
            time: null,
            rule);
        var envoy = new FakeEnvoy(host.Client, rule.Name, rule.NeedsRequestBody, rule.FailureMode) { MessageTimeout = StalledStoreTests.MessageTimeout };
        var backend = new Backend(UpstreamResponse.Json(201, "{}"));
        await envoy.SendAsync(HttpRequestSpec.Post("warm-up"), backend.Handle);

        await stall();
        var stalled = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);
        resume();
        await host.Decisions.WaitForAsync(DecisionOutcomes.Withdrawn);
        var retry = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);

        Assert.False(stalled.TimedOut, "Envoy's message timer fired: the service outlasted it");
        Assert.Equal(503, stalled.Status);
        Assert.Equal(ProblemTypes.StoreUnavailable, stalled.Problem().GetProperty("type").GetString());
        Assert.True(retry.ReachedBackend, "the claim that landed late still blocks the key");
        Assert.Equal(2, backend.Calls);
        host.AssertNoErrors();
    }
}
