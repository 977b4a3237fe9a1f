using ControlPlane.Enforcement.Tests.Infrastructure;
using ControlPlane.Ir;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sent = Envoy.Service.ExtProc.V3.ProcessingRequest.RequestOneofCase;

namespace ControlPlane.Enforcement.Tests.Stores;

/// <summary>Redis stopped under a running service: each test owns its redis-server, since it kills it.</summary>
[RequiresRedis]
public sealed class RedisOutageTests : IAsyncLifetime
{
    private RedisServer? _redis;
    private ExtProcTestHost? _host;

    private RedisServer Redis => _redis!;

    private ExtProcTestHost Host => _host!;

    public async Task InitializeAsync()
    {
        if (StoreFactDiscoverer.RedisSkipReason is null)
        {
            _redis = await RedisServer.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host.AssertNoErrors();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [StoreFact]
    public async Task Fail_open_forwards_without_idempotency_and_logs_the_outage_once()
    {
        var rule = TestRules.Create() with { FailureMode = FailureMode.Open };
        var envoy = await StartHostAsync(rule);
        var backend = new Backend(UpstreamResponse.Json(201, "{}"));
        await Redis.StopAsync();

        var first = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);
        var retry = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);

        Assert.True(first.ReachedBackend && retry.ReachedBackend);
        Assert.Null(retry.Header("idempotent-replayed"));
        Assert.Equal([Sent.RequestHeaders, Sent.RequestBody, Sent.ResponseHeaders], first.Sent);
        Assert.Equal(2, Host.Decisions[DecisionOutcomes.StoreUnavailableOpen]);
        Assert.Single(Host.Logs.Entries, e => e.Message.Contains("unavailable", StringComparison.Ordinal));

        await Redis.RestartAsync();
        await WaitForStoreAsync();
        var afterRestart = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);
        Assert.True(afterRestart.ReachedBackend);
        Assert.Equal(1, Host.Decisions[DecisionOutcomes.Continued]);
    }

    [StoreFact]
    public async Task Fail_closed_answers_503_store_unavailable()
    {
        var envoy = await StartHostAsync(TestRules.Create() with { FailureMode = FailureMode.Closed });
        var backend = new Backend(UpstreamResponse.Json(201, "{}"));
        await Redis.StopAsync();

        var result = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);

        Assert.Equal(503, result.Status);
        Assert.Equal(ProblemTypes.StoreUnavailable, result.Problem().GetProperty("type").GetString());
        Assert.Equal(0, backend.Calls);
        Assert.Equal(1, Host.Decisions[DecisionOutcomes.StoreUnavailableClosed]);
    }

    [StoreFact]
    public async Task Redis_lost_between_claim_and_response_leaves_nothing_stored()
    {
        var rule = TestRules.Create();
        var envoy = await StartHostAsync(rule);
        var release = new TaskCompletionSource();
        var backend = new Backend(UpstreamResponse.Json(201, "{}")) { Gate = release.Task };

        var first = envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);
        await backend.Called.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Redis.StopAsync();
        release.SetResult();
        var answered = await first;
        await Redis.RestartAsync();
        await WaitForStoreAsync();
        backend.Gate = null;
        var retry = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);

        Assert.Equal(201, answered.Status);
        Assert.Equal(1, Host.Decisions[DecisionOutcomes.StoreError]);
        Assert.True(retry.ReachedBackend);
        Assert.Null(retry.Header("idempotent-replayed"));
    }

    [StoreFact]
    public async Task A_redis_unreachable_at_start_is_logged_at_once_with_its_endpoint_and_shown_until_it_answers()
    {
        await Redis.StopAsync();
        var rule = TestRules.Create();
        _host = await ExtProcTestHost.StartAsync(RedisOptions, time: null, rule);
        var health = Host.Services.GetRequiredService<StoreHealth>();

        var logged = await WaitForLogAsync("unreachable at start");
        var down = health.Snapshot();
        await Redis.RestartAsync();
        await WaitForStoreAsync();
        var served = await Host.Envoy(rule).SendAsync(HttpRequestSpec.Post("k-1"), new Backend(UpstreamResponse.Json(201, "{}")).Handle);
        var up = health.Snapshot();

        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains(Redis.ConnectionString, logged.Message, StringComparison.Ordinal);
        Assert.Equal(1, Host.Decisions[DecisionOutcomes.Continued]);
        Assert.Equal(("redis", false), (down.Store, down.Reachable));
        Assert.NotNull(down.LastError);
        Assert.True(served.ReachedBackend);
        Assert.True(up.Reachable);

        // The one error this test expects.
        Host.Logs.Entries.Clear();
    }

    private void RedisOptions(EnforcementOptions options)
    {
        options.Store = EnforcementStoreKind.Redis;
        options.RedisConnection = Redis.ConnectionString;
        options.RedisConnectTimeout = TimeSpan.FromSeconds(1);
    }

    private async Task<(LogLevel Level, string Category, string Message)> WaitForLogAsync(string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            foreach (var entry in Host.Logs.Entries.Where(e => e.Message.Contains(text, StringComparison.Ordinal)))
            {
                return entry;
            }

            Assert.True(DateTime.UtcNow < deadline, $"nothing logged with '{text}'");
            await Task.Delay(20);
        }
    }

    private async Task<FakeEnvoy> StartHostAsync(IdempotencyRuleIr rule)
    {
        _host = await ExtProcTestHost.StartAsync(
            options =>
            {
                options.Store = EnforcementStoreKind.Redis;
                options.RedisConnection = Redis.ConnectionString;
            },
            time: null,
            rule);
        await WaitForStoreAsync();
        return _host.Envoy(rule);
    }

    /// <summary>The client reconnects by itself; wait until it has.</summary>
    private async Task WaitForStoreAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await Host.Store.GetAsync("probe", default);
                return;
            }
            catch (ControlPlane.Enforcement.Stores.StoreUnavailableException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
