using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ControlPlane.Enforcement.Stores.Redis;

/// <summary>
/// The shared store. Each operation is one Lua script on one key (<see cref="RedisScripts"/>), so a claim costs one
/// round trip. Keys are <c>idem:{hash}</c>: the hash tag puts each key in a Redis Cluster slot of its own choosing.
/// </summary>
internal sealed class RedisIdempotencyStore(RedisConnector connector, IOptions<EnforcementOptions> options, TimeProvider time) : IIdempotencyStore
{
    private readonly string _prefix = options.Value.RedisKeyPrefix;
    private readonly TimeSpan _pollInterval = options.Value.RedisWaitPollInterval;

    public string Kind => "redis";

    public async ValueTask<ClaimResult> TryClaimAsync(string key, string fingerprint, TimeSpan lease, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        var reply = (RedisResult[])(await RunAsync(RedisScripts.Claim, key, [RedisScripts.LayoutVersion, token, fingerprint, Milliseconds(lease)], cancellationToken))!;
        var remaining = TimeSpan.FromMilliseconds(Math.Max(0, (long)reply[1]));
        return (string?)reply[0] switch
        {
            "claimed" => ClaimResult.Claimed(token),
            "inflight" => ClaimResult.InFlight(remaining),
            "mismatch" => ClaimResult.Mismatch,
            "completed" => ClaimResult.Completed(StoredResponseCodec.Decode((byte[])reply[2]!), remaining),
            "version" => throw UnknownLayout((string?)reply[2]),
            var other => throw new StoreUnavailableException($"Unexpected claim reply '{other}'."),
        };
    }

    public async ValueTask<bool> CompleteAsync(string key, string token, StoredResponse response, TimeSpan ttl, CancellationToken cancellationToken) =>
        (int)(await RunAsync(RedisScripts.Complete, key, [token, StoredResponseCodec.Encode(response), Milliseconds(ttl)], cancellationToken)) == 1;

    public async ValueTask<bool> ReleaseAsync(string key, string token, CancellationToken cancellationToken) =>
        (int)(await RunAsync(RedisScripts.Release, key, [token], cancellationToken)) == 1;

    public async ValueTask<StoredEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var reply = (RedisResult[])(await RunAsync(RedisScripts.Get, key, [], cancellationToken))!;
        if (reply.Length == 0)
        {
            return null;
        }

        if ((string?)reply[0] != RedisScripts.LayoutVersion)
        {
            throw UnknownLayout((string?)reply[0]);
        }

        var response = (string?)reply[1] == "c" ? StoredResponseCodec.Decode((byte[])reply[3]!) : null;
        return new StoredEntry((string)reply[2]!, response, TimeSpan.FromMilliseconds(Math.Max(0, (long)reply[4])));
    }

    /// <summary>Polls: a held duplicate is rare, and polling needs no subscription per key or per node.</summary>
    public Task WaitForChangeAsync(string key, TimeSpan maxWait, CancellationToken cancellationToken) =>
        maxWait <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(maxWait < _pollInterval ? maxWait : _pollInterval, time, cancellationToken);

    private static long Milliseconds(TimeSpan span) => Math.Max(1, (long)Math.Ceiling(span.TotalMilliseconds));

    private static StoreUnavailableException UnknownLayout(string? version) =>
        new($"Redis key has layout version '{version}'; this node reads version {RedisScripts.LayoutVersion}.");

    private async Task<RedisResult> RunAsync(string script, string key, RedisValue[] arguments, CancellationToken cancellationToken)
    {
        try
        {
            var database = await connector.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
            return await database.ScriptEvaluateAsync(script, [(RedisKey)$"{_prefix}{{{key}}}"], arguments).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new StoreUnavailableException($"Redis is unavailable: {ex.Message}", ex);
        }
    }
}
