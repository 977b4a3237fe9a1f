namespace ControlPlane.Enforcement.Stores.Redis;

/// <summary>
/// The two steps that must check ownership before they write, each atomic on the server: the key must still hold the
/// exact claim this node wrote (its token makes it unique). A claim needs no script: <c>SET key claim NX PX lease GET</c>
/// either creates the key or returns what is there (<see cref="RedisRecord"/>). The scripts compare whole values and
/// build nothing, which keeps them as cheap as Lua gets. StackExchange.Redis sends a script once and then runs it by
/// its SHA (EVALSHA), reloading it after a Redis restart.
/// </summary>
internal static class RedisScripts
{
    /// <summary>ARGV: the claim, the completed record, ttl ms. Returns 1 when the claim was ours and is now completed.</summary>
    public const string Complete = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        return 1
        """;

    /// <summary>ARGV: the claim. Returns 1 when the claim was ours and is now gone.</summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[1])
        return 1
        """;
}
