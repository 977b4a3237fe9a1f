using System.Text;
using ControlPlane.Enforcement.Stores;
using ControlPlane.Enforcement.Tests.Infrastructure;

namespace ControlPlane.Enforcement.Tests.Stores;

/// <summary>What every store guarantees; run once per store kind by the subclasses.</summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    private protected static readonly StoredResponse Created = new(201, [new StoredHeader("content-type", "application/json"u8.ToArray())], "{\"id\":1}"u8.ToArray());

    private protected static readonly TimeSpan LongLife = TimeSpan.FromHours(1);

    private IIdempotencyStore? _store;

    private protected IIdempotencyStore Store => _store ?? throw new InvalidOperationException("not initialized");

    /// <summary>A lifetime the subclass can make pass (a fake clock, or a real short wait).</summary>
    private protected abstract TimeSpan ShortLife { get; }

    private protected abstract Task<IIdempotencyStore> CreateStoreAsync();

    /// <summary>Returns once a key given <see cref="ShortLife"/> is gone.</summary>
    private protected abstract Task LetExpireAsync(string key);

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => _store is IAsyncDisposable disposable ? disposable.DisposeAsync().AsTask() : Task.CompletedTask;

    [StoreFact]
    public async Task A_claimed_key_is_in_flight_then_completed_for_the_same_fingerprint()
    {
        var claim = await Store.TryClaimAsync("k", "fp", LongLife, default);
        var duplicate = await Store.TryClaimAsync("k", "fp", LongLife, default);
        Assert.True(await Store.CompleteAsync("k", claim.Token, Created, LongLife, default));
        var retry = await Store.TryClaimAsync("k", "fp", LongLife, default);

        Assert.Equal(ClaimOutcome.Claimed, claim.Outcome);
        Assert.Equal(ClaimOutcome.InFlight, duplicate.Outcome);
        Assert.Equal(ClaimOutcome.Completed, retry.Outcome);
        Assert.Equal(201, retry.Response!.Status);
        Assert.Equal("{\"id\":1}", Encoding.UTF8.GetString(retry.Response.Body));
        Assert.Equal("content-type", Assert.Single(retry.Response.Headers).Name);
        Assert.True(retry.Remaining > TimeSpan.Zero);
    }

    [StoreFact]
    public async Task A_different_fingerprint_is_a_mismatch_in_flight_and_completed()
    {
        var claim = await Store.TryClaimAsync("k", "fp", LongLife, default);
        var inFlight = await Store.TryClaimAsync("k", "other", LongLife, default);
        await Store.CompleteAsync("k", claim.Token, Created, LongLife, default);
        var completed = await Store.TryClaimAsync("k", "other", LongLife, default);

        Assert.Equal(ClaimOutcome.FingerprintMismatch, inFlight.Outcome);
        Assert.Equal(ClaimOutcome.FingerprintMismatch, completed.Outcome);
    }

    [StoreFact]
    public async Task Release_frees_the_key_and_only_the_owner_can_release_or_complete()
    {
        var claim = await Store.TryClaimAsync("k", "fp", LongLife, default);

        Assert.False(await Store.ReleaseAsync("k", "not-the-token", default));
        Assert.False(await Store.CompleteAsync("k", "not-the-token", Created, LongLife, default));
        Assert.True(await Store.ReleaseAsync("k", claim.Token, default));
        Assert.Null(await Store.GetAsync("k", default));
        Assert.Equal(ClaimOutcome.Claimed, (await Store.TryClaimAsync("k", "fp", LongLife, default)).Outcome);
    }

    [StoreFact]
    public async Task A_completed_key_cannot_be_released()
    {
        var claim = await Store.TryClaimAsync("k", "fp", LongLife, default);
        await Store.CompleteAsync("k", claim.Token, Created, LongLife, default);

        Assert.False(await Store.ReleaseAsync("k", claim.Token, default));
        Assert.NotNull((await Store.GetAsync("k", default))?.Response);
    }

    [StoreFact]
    public async Task An_expired_lease_frees_the_key()
    {
        await Store.TryClaimAsync("k", "fp", ShortLife, default);
        await LetExpireAsync("k");

        Assert.Equal(ClaimOutcome.Claimed, (await Store.TryClaimAsync("k", "fp", LongLife, default)).Outcome);
    }

    [StoreFact]
    public async Task A_late_completion_after_the_lease_expired_and_the_key_was_reclaimed_changes_nothing()
    {
        var stale = await Store.TryClaimAsync("k", "fp", ShortLife, default);
        await LetExpireAsync("k");
        var fresh = await Store.TryClaimAsync("k", "fp", LongLife, default);

        Assert.False(await Store.CompleteAsync("k", stale.Token, Created with { Status = 500 }, LongLife, default));
        Assert.False(await Store.ReleaseAsync("k", stale.Token, default));
        Assert.True(await Store.CompleteAsync("k", fresh.Token, Created, LongLife, default));
        Assert.Equal(201, (await Store.GetAsync("k", default))!.Response!.Status);
    }

    [StoreFact]
    public async Task A_stored_response_is_forgotten_after_its_ttl()
    {
        var claim = await Store.TryClaimAsync("k", "fp", LongLife, default);
        await Store.CompleteAsync("k", claim.Token, Created, ShortLife, default);
        await LetExpireAsync("k");

        Assert.Equal(ClaimOutcome.Claimed, (await Store.TryClaimAsync("k", "fp", LongLife, default)).Outcome);
    }

    [StoreFact]
    public async Task Two_hundred_concurrent_claims_of_a_fresh_key_yield_exactly_one_owner()
    {
        var claims = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () => await Store.TryClaimAsync("hot", "fp", LongLife, default))));

        Assert.Equal(1, claims.Count(c => c.Outcome == ClaimOutcome.Claimed));
        Assert.Equal(199, claims.Count(c => c.Outcome == ClaimOutcome.InFlight));
    }

    [StoreFact]
    public async Task A_waiter_returns_once_the_key_completes()
    {
        var claim = await Store.TryClaimAsync("k", "fp", LongLife, default);
        var waiting = Store.WaitForChangeAsync("k", TimeSpan.FromSeconds(30), default);
        await Store.CompleteAsync("k", claim.Token, Created, LongLife, default);
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ClaimOutcome.Completed, (await Store.TryClaimAsync("k", "fp", LongLife, default)).Outcome);
    }
}
