namespace ControlPlane.Enforcement.Stores.Redis;

/// <summary>
/// Server-side steps, each atomic. A key is a hash: <c>v</c> layout version, <c>s</c> state (<c>p</c> claimed,
/// <c>c</c> completed), <c>t</c> claim token, <c>f</c> fingerprint, <c>r</c> stored response (own version byte).
/// Redis keeps the lifetime (PEXPIRE): the lease while claimed, the TTL once completed. StackExchange.Redis sends a
/// script once and then runs it by its SHA (EVALSHA), reloading it after a Redis restart.
/// </summary>
internal static class RedisScripts
{
    public const string LayoutVersion = "1";

    /// <summary>ARGV: layout version, token, fingerprint, lease ms. Returns {outcome, pttl[, record]}.</summary>
    public const string Claim = """
        local e = redis.call('HMGET', KEYS[1], 'v', 's', 'f')
        if not e[1] then
          redis.call('HSET', KEYS[1], 'v', ARGV[1], 's', 'p', 't', ARGV[2], 'f', ARGV[3])
          redis.call('PEXPIRE', KEYS[1], ARGV[4])
          return {'claimed', 0}
        end
        if e[1] ~= ARGV[1] then return {'version', 0, e[1]} end
        local ttl = redis.call('PTTL', KEYS[1])
        if e[3] ~= ARGV[3] then return {'mismatch', ttl} end
        if e[2] == 'c' then return {'completed', ttl, redis.call('HGET', KEYS[1], 'r')} end
        return {'inflight', ttl}
        """;

    /// <summary>ARGV: token, record, ttl ms. Returns 1 when the claim was ours and is now completed.</summary>
    public const string Complete = """
        local e = redis.call('HMGET', KEYS[1], 's', 't')
        if e[1] ~= 'p' or e[2] ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 's', 'c', 'r', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    /// <summary>ARGV: token. Returns 1 when the claim was ours and is now gone.</summary>
    public const string Release = """
        local e = redis.call('HMGET', KEYS[1], 's', 't')
        if e[1] ~= 'p' or e[2] ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[1])
        return 1
        """;

    /// <summary>Returns {layout version, state, fingerprint, record, pttl}; empty when the key does not exist.</summary>
    public const string Get = """
        local e = redis.call('HMGET', KEYS[1], 'v', 's', 'f', 'r')
        if not e[1] then return {} end
        return {e[1], e[2], e[3], e[4] or '', redis.call('PTTL', KEYS[1])}
        """;
}
