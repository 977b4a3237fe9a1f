using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ControlPlane.Enforcement.Stores.Redis;

/// <summary>
/// The shared store. Each operation is one round trip on one key: a claim (and so a replay) is the native
/// <c>SET … NX PX … GET</c>; completing and releasing are scripts that first check the key still holds this claim
/// (<see cref="RedisScripts"/>). Keys are <c>idem:{hash}</c>: the hash tag puts each key in a Redis Cluster slot of its
/// own choosing. Needs Redis 7.0 or later (NX together with GET).
/// </summary>
internal sealed class RedisIdempotencyStore(RedisConnector connector, IOptions<EnforcementOptions> options, TimeProvider time) : IIdempotencyStore
{
    private readonly string _prefix = options.Value.RedisKeyPrefix;
    private readonly TimeSpan _pollInterval = options.Value.RedisWaitPollInterval;

    public string Kind => "redis";

    public async ValueTask<ClaimResult> TryClaimAsync(string key, string fingerprint, TimeSpan lease, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        var now = time.GetUtcNow();
        var claim = RedisRecord.Claim(token, fingerprint, now + lease);
        var existing = await RunAsync(static (database, state) => database.StringSetAndGetAsync(state.Key, state.Claim, state.Lease, keepTtl: false, When.NotExists), (Key: Key(key), Claim: claim, Lease: Lease(lease)), cancellationToken);
        if (existing.IsNull)
        {
            // The token handed out is the claim itself: completing or releasing compares the whole value, atomically.
            return ClaimResult.Claimed(Convert.ToBase64String(claim));
        }

        var record = RedisRecord.Parse((byte[])existing!);
        var remaining = record.RemainingAt(now);
        return record.Fingerprint != fingerprint ? ClaimResult.Mismatch
            : record.Completed ? ClaimResult.Completed(record.Response!, remaining)
            : ClaimResult.InFlight(remaining);
    }

    public async ValueTask<bool> CompleteAsync(string key, string token, StoredResponse response, TimeSpan ttl, CancellationToken cancellationToken)
    {
        if (ClaimOf(token) is not { } claim)
        {
            return false;
        }

        RedisValue[] arguments = [claim, RedisRecord.CompletedFrom(claim, response, time.GetUtcNow() + ttl), Milliseconds(ttl)];
        return (int)await EvaluateAsync(RedisScripts.Complete, key, arguments, cancellationToken) == 1;
    }

    public async ValueTask<bool> ReleaseAsync(string key, string token, CancellationToken cancellationToken) =>
        ClaimOf(token) is { } claim && (int)await EvaluateAsync(RedisScripts.Release, key, [claim], cancellationToken) == 1;

    public async ValueTask<StoredEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var value = await RunAsync(static (database, key) => database.StringGetAsync(key), Key(key), cancellationToken);
        if (value.IsNull)
        {
            return null;
        }

        var record = RedisRecord.Parse((byte[])value!);
        return new StoredEntry(record.Fingerprint, record.Response, record.RemainingAt(time.GetUtcNow()));
    }

    /// <summary>Polls: a held duplicate is rare, and polling needs no subscription per key or per node.</summary>
    public Task WaitForChangeAsync(string key, TimeSpan maxWait, CancellationToken cancellationToken) =>
        maxWait <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(maxWait < _pollInterval ? maxWait : _pollInterval, time, cancellationToken);

    /// <summary>The claim a token stands for; null for a token this store never handed out (it owns nothing).</summary>
    private static byte[]? ClaimOf(string token)
    {
        var claim = new byte[token.Length * 3 / 4];
        return Convert.TryFromBase64String(token, claim, out var length) ? claim[..length] : null;
    }

    private RedisKey Key(string key) => $"{_prefix}{{{key}}}";

    private static long Milliseconds(TimeSpan span) => Math.Max(1, (long)Math.Ceiling(span.TotalMilliseconds));

    // Redis takes whole milliseconds; a lease is never rounded down to nothing.
    private static TimeSpan Lease(TimeSpan lease) => TimeSpan.FromMilliseconds(Milliseconds(lease));

    private Task<RedisResult> EvaluateAsync(string script, string key, RedisValue[] arguments, CancellationToken cancellationToken) =>
        RunAsync(static (database, state) => database.ScriptEvaluateAsync(state.script, [state.Item2], state.arguments), (script, Key(key), arguments), cancellationToken);

    private async Task<TResult> RunAsync<TState, TResult>(Func<IDatabase, TState, Task<TResult>> operation, TState state, CancellationToken cancellationToken)
    {
        try
        {
            var database = await connector.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
            return await operation(database, state).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            // Layout 1 kept a hash per key; anything but a string is not ours to read.
            throw RedisRecord.UnknownLayout("1 or foreign (not a string)");
        }
        catch (RedisServerException ex) when (ex.Message.Contains("syntax error", StringComparison.OrdinalIgnoreCase))
        {
            throw new StoreUnavailableException($"Redis refused SET with NX and GET: Redis 7.0 or later is needed ({ex.Message}).", ex);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new StoreUnavailableException($"Redis is unavailable: {ex.Message}", ex);
        }
    }
}
