using ControlPlane.Enforcement.Stores;
using ControlPlane.Enforcement.Stores.Memory;
using ControlPlane.Enforcement.Tests.Infrastructure;
using ControlPlane.Ir;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ControlPlane.Enforcement.Tests.Service;

/// <summary>
/// A store that hangs must not outlast Envoy's message timeout: the service answers with the rule's failure mode
/// itself, and a claim that lands late is withdrawn so the key is not blocked for a lease.
/// </summary>
public sealed class StalledStoreTests : IAsyncLifetime
{
    /// <summary>Envoy's timer in these tests; the margin leaves the store 500 ms and a loaded machine 2.5 s to answer.</summary>
    internal static readonly TimeSpan MessageTimeout = TimeSpan.FromSeconds(3);

    internal static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(2500);

    private readonly StallingStore _store = new(new MemoryIdempotencyStore(Options.Create(new EnforcementOptions()), TimeProvider.System));
    private ExtProcTestHost? _host;

    private ExtProcTestHost Host => _host!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _store.Resume();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Fail_closed_answers_its_own_503_problem_before_envoys_timer_and_the_late_claim_is_withdrawn()
    {
        var rule = TestRules.Create();
        var envoy = await StartAsync(rule);
        var backend = new Backend(UpstreamResponse.Json(201, "{}"));
        _store.Stall();

        var stalled = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);
        _store.Resume();
        await Host.Decisions.WaitForAsync(DecisionOutcomes.Withdrawn);
        var retry = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);

        Assert.False(stalled.TimedOut, "Envoy's message timer fired: the service outlasted it");
        Assert.Equal(503, stalled.Status);
        Assert.Equal(ProblemTypes.StoreUnavailable, stalled.Problem().GetProperty("type").GetString());
        Assert.Equal(1, Host.Decisions[DecisionOutcomes.StoreUnavailableClosed]);
        Assert.True(retry.ReachedBackend, "the late claim still blocks the key");
        Assert.Equal(1, backend.Calls);
        Host.AssertNoErrors();
    }

    [Fact]
    public async Task Fail_open_forwards_before_envoys_timer()
    {
        var rule = TestRules.Create() with { FailureMode = FailureMode.Open };
        var envoy = await StartAsync(rule);
        var backend = new Backend(UpstreamResponse.Json(201, "{}"));
        _store.Stall();

        var stalled = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), backend.Handle);

        Assert.False(stalled.TimedOut, "Envoy's message timer fired: the service outlasted it");
        Assert.True(stalled.ReachedBackend);
        Assert.Equal(1, Host.Decisions[DecisionOutcomes.StoreUnavailableOpen]);
        Host.AssertNoErrors();
    }

    [Fact]
    public async Task A_completion_that_hangs_is_counted_as_a_store_error_before_envoys_timer()
    {
        var rule = TestRules.Create();
        var envoy = await StartAsync(rule);
        var result = await envoy.SendAsync(HttpRequestSpec.Post("k-1"), () =>
        {
            _store.Stall();
            return Task.FromResult(UpstreamResponse.Json(201, "{}"));
        });

        Assert.False(result.TimedOut, "Envoy's message timer fired: the service outlasted it");
        Assert.Equal(201, result.Status);
        Assert.Equal(1, Host.Decisions[DecisionOutcomes.StoreError]);
    }

    private async Task<FakeEnvoy> StartAsync(IdempotencyRuleIr rule)
    {
        _host = await ExtProcTestHost.StartAsync(
            options => options.StoreDeadlineMargin = Margin,
            services => services.AddSingleton<IIdempotencyStore>(_store),
            time: null,
            rule);
        return new FakeEnvoy(Host.Client, rule.Name, rule.NeedsRequestBody, rule.FailureMode) { MessageTimeout = MessageTimeout };
    }
}
