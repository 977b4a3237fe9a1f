using ControlPlane.Enforcement.Stores;
using ControlPlane.Enforcement.Stores.Memory;
using ControlPlane.Enforcement.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace ControlPlane.Enforcement.Tests.Stores;

public sealed class MemoryStoreCapacityTests
{
    private static readonly StoredResponse Ok = new(200, [], []);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task At_capacity_expired_keys_go_first_then_the_oldest_completed()
    {
        var store = Create(capacity: 3);
        await store.TryClaimAsync("short", "fp", TimeSpan.FromSeconds(1), default);
        var old = await store.TryClaimAsync("old", "fp", Hour, default);
        await store.CompleteAsync("old", old.Token, Ok, Hour, default);
        await store.TryClaimAsync("live", "fp", Hour, default);
        _clock.Advance(TimeSpan.FromSeconds(2));

        await store.TryClaimAsync("new-1", "fp", Hour, default);
        Assert.NotNull(await store.GetAsync("old", default));
        await store.TryClaimAsync("new-2", "fp", Hour, default);

        Assert.Null(await store.GetAsync("old", default));
        Assert.NotNull(await store.GetAsync("live", default));
        Assert.Equal(3, store.Count);
    }

    [Fact]
    public async Task A_store_full_of_live_claims_refuses_new_claims_rather_than_evicting_one()
    {
        var store = Create(capacity: 2);
        await store.TryClaimAsync("a", "fp", Hour, default);
        await store.TryClaimAsync("b", "fp", Hour, default);

        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.TryClaimAsync("c", "fp", Hour, default));
        Assert.Equal(ClaimOutcome.InFlight, (await store.TryClaimAsync("a", "fp", Hour, default)).Outcome);
    }

    [Fact]
    public async Task A_waiter_is_woken_by_lease_expiry()
    {
        var store = Create(capacity: 10);
        await store.TryClaimAsync("k", "fp", TimeSpan.FromSeconds(5), default);

        var waiting = store.WaitForChangeAsync("k", Hour, default);
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(5));
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ClaimOutcome.Claimed, (await store.TryClaimAsync("k", "fp", Hour, default)).Outcome);
    }

    private MemoryIdempotencyStore Create(int capacity) => new(Options.Create(new EnforcementOptions { MemoryCapacity = capacity }), _clock);
}
