using System.Diagnostics.Metrics;
using ControlPlane.Enforcement.Stores;
using ControlPlane.Enforcement.Stores.Memory;
using ControlPlane.Enforcement.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ControlPlane.Enforcement.Tests.Stores;

/// <summary>The memory store is bounded in bytes, responses included, whatever the clients send.</summary>
public sealed class MemoryStoreBudgetTests : IDisposable
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly StoredResponse Kilobyte = new(200, [new StoredHeader("content-type", "application/json"u8.ToArray())], new byte[1000]);

    private readonly ManualTimeProvider _clock = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly EnforcementMetrics _metrics;
    private readonly CounterRecorder _evictions;
    private readonly CounterRecorder _refused;

    public MemoryStoreBudgetTests()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        _evictions = new CounterRecorder(meters, EnforcementMetrics.MemoryEvictionsInstrument, "reason");
        _refused = new CounterRecorder(meters, EnforcementMetrics.MemoryRefusedClaimsInstrument);
        _metrics = new EnforcementMetrics(meters);
    }

    public void Dispose()
    {
        _evictions.Dispose();
        _refused.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task Responses_count_against_the_budget_and_the_least_recently_used_completed_key_goes_first()
    {
        var store = Create(budget: 3 * CompletedSize());
        await CompleteAsync(store, "k1", Hour);
        await CompleteAsync(store, "k2", Hour);
        await CompleteAsync(store, "k3", Hour);
        Assert.Equal(ClaimOutcome.Completed, (await store.TryClaimAsync("k1", "fp", Hour, default)).Outcome);

        Assert.Equal(ClaimOutcome.Claimed, (await store.TryClaimAsync("k4", "fp", Hour, default)).Outcome);

        Assert.Null(await store.GetAsync("k2", default));
        Assert.NotNull(await store.GetAsync("k1", default));
        Assert.NotNull(await store.GetAsync("k3", default));
        Assert.True(store.Bytes <= 3 * CompletedSize());
        Assert.Equal(1, _evictions["lru"]);
    }

    [Fact]
    public async Task Expired_keys_go_before_any_completed_key_even_a_less_recently_used_one()
    {
        var store = Create(budget: 3 * CompletedSize());
        await CompleteAsync(store, "k1", Hour);
        await CompleteAsync(store, "k2", Hour);
        await CompleteAsync(store, "k3", TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(2));

        await store.TryClaimAsync("k4", "fp", Hour, default);

        Assert.NotNull(await store.GetAsync("k1", default));
        Assert.NotNull(await store.GetAsync("k2", default));
        Assert.Equal(1, _evictions["expired"]);
        Assert.Equal(0, _evictions["lru"]);
    }

    [Fact]
    public async Task A_budget_full_of_claims_in_flight_refuses_a_new_claim_counts_it_and_keeps_the_claims()
    {
        var store = Create(budget: 2 * ClaimSize() + 10);
        await store.TryClaimAsync("k1", "fp", Hour, default);
        await store.TryClaimAsync("k2", "fp", Hour, default);

        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.TryClaimAsync("k3", "fp", Hour, default));

        Assert.Equal(1, _refused[""]);
        Assert.Equal(ClaimOutcome.InFlight, (await store.TryClaimAsync("k1", "fp", Hour, default)).Outcome);
        Assert.Equal(ClaimOutcome.InFlight, (await store.TryClaimAsync("k2", "fp", Hour, default)).Outcome);
    }

    [Fact]
    public async Task A_response_larger_than_the_whole_budget_is_refused_and_frees_its_key()
    {
        var store = Create(budget: CompletedSize() / 2);
        var claim = await store.TryClaimAsync("k1", "fp", Hour, default);

        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.CompleteAsync("k1", claim.Token, Kilobyte, Hour, default));

        Assert.Equal(ClaimOutcome.Claimed, (await store.TryClaimAsync("k1", "fp", Hour, default)).Outcome);
    }

    [Fact]
    public async Task Released_keys_give_their_bytes_back()
    {
        var store = Create(budget: 10 * CompletedSize());
        for (var i = 0; i < 1000; i++)
        {
            var claim = await store.TryClaimAsync($"k{i % 10}", "fp", Hour, default);
            await store.ReleaseAsync($"k{i % 10}", claim.Token, default);
        }

        Assert.Equal(0, store.Bytes);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void The_budget_is_validated()
    {
        static EnforcementOptions Resolve(long budget) => new ServiceCollection()
            .AddLogging()
            .AddIdempotencyEnforcement(o => o.MemoryBudgetBytes = budget)
            .BuildServiceProvider()
            .GetRequiredService<IOptions<EnforcementOptions>>().Value;

        Assert.Equal(256L * 1024 * 1024, new EnforcementOptions().MemoryBudgetBytes);
        Assert.Equal(1234, Resolve(1234).MemoryBudgetBytes);
        var invalid = Assert.Throws<OptionsValidationException>(() => Resolve(0));
        Assert.Contains("MemoryBudgetBytes must be positive", string.Join(" ", invalid.Failures), StringComparison.Ordinal);
    }

    private static long ClaimSize() => new MemoryEntry("k1", "fp", Guid.NewGuid().ToString("N"), default).Bytes;

    private static long CompletedSize() => ClaimSize() + MemoryEntry.SizeOf(Kilobyte);

    private static async Task CompleteAsync(MemoryIdempotencyStore store, string key, TimeSpan ttl)
    {
        var claim = await store.TryClaimAsync(key, "fp", Hour, default);
        Assert.True(await store.CompleteAsync(key, claim.Token, Kilobyte, ttl, default));
    }

    private MemoryIdempotencyStore Create(long budget) =>
        new(Options.Create(new EnforcementOptions { MemoryBudgetBytes = budget }), _clock, _metrics);
}
