namespace ControlPlane.Enforcement;

/// <summary>Settings of the ext_proc idempotency service.</summary>
public sealed class EnforcementOptions
{
    /// <summary>Where the host binds these from (appsettings.json, <c>CONTROLPLANE__ENFORCEMENT__MEMORYBUDGETBYTES</c>); messages name keys by it.</summary>
    public const string Section = "ControlPlane:Enforcement";

    public EnforcementStoreKind Store { get; set; } = EnforcementStoreKind.Memory;

    /// <summary>StackExchange.Redis configuration string, e.g. <c>redis:6379,password=…</c>. Required for <see cref="EnforcementStoreKind.Redis"/>.</summary>
    public string? RedisConnection { get; set; }

    /// <summary>Prefix of every Redis key; the hashed lookup key follows in a hash tag (<c>idem:{…}</c>).</summary>
    public string RedisKeyPrefix { get; set; } = "idem:";

    /// <summary>How long one Redis command may take before the store counts as unavailable.</summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a request may wait for the first connection to Redis after startup.</summary>
    public TimeSpan RedisConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a held duplicate asks Redis whether the first request finished.</summary>
    public TimeSpan RedisWaitPollInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Most keys the memory store keeps; beyond it expired, then the least recently used completed keys are evicted.</summary>
    public int MemoryCapacity { get; set; } = 100_000;

    /// <summary>
    /// Most bytes the memory store holds, stored responses included (each key counts its strings, its response's
    /// headers and body, and a fixed overhead); beyond it the same eviction as <see cref="MemoryCapacity"/> applies.
    /// </summary>
    public long MemoryBudgetBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Subtracted from the route's message timeout to get a store operation's deadline (network and gRPC time).</summary>
    public TimeSpan StoreDeadlineMargin { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The shortest deadline a store operation gets, however short the message timeout.</summary>
    public TimeSpan StoreDeadlineFloor { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>A stream naming a rule this replica does not know is logged at most once per interval (every one is counted).</summary>
    public TimeSpan UnknownRuleLogInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An unavailable store is logged at most once per interval (every request is still counted).</summary>
    public TimeSpan StoreOutageLogInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The largest <c>maxBodyBytes</c> of the policies known at startup. It sizes the gRPC receive limit
    /// (<see cref="GrpcMessageLimits.ForLargestBody"/>), which cannot change while the server runs; a later policy
    /// with a larger limit is logged as needing a restart. Bodies above a rule's own limit get 413 from the service.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; }

    /// <summary>How long releasing an abandoned claim may take when a stream ends without its response phase.</summary>
    public TimeSpan AbandonedClaimReleaseTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Every problem in these settings, empty when they are usable (checked at start).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        Positive(problems, nameof(MemoryCapacity), MemoryCapacity);
        Positive(problems, nameof(MemoryBudgetBytes), MemoryBudgetBytes);
        Positive(problems, nameof(StoreDeadlineFloor), StoreDeadlineFloor.Ticks);
        Positive(problems, nameof(StoreOutageLogInterval), StoreOutageLogInterval.Ticks);
        Positive(problems, nameof(UnknownRuleLogInterval), UnknownRuleLogInterval.Ticks);
        Positive(problems, nameof(RedisTimeout), RedisTimeout.Ticks);
        Positive(problems, nameof(AbandonedClaimReleaseTimeout), AbandonedClaimReleaseTimeout.Ticks);
        if (StoreDeadlineMargin < TimeSpan.Zero)
        {
            problems.Add($"{Section}:{nameof(StoreDeadlineMargin)} must not be negative.");
        }

        if (Store == EnforcementStoreKind.Redis && string.IsNullOrWhiteSpace(RedisConnection))
        {
            problems.Add($"{Section}:{nameof(RedisConnection)} is required with the Redis store.");
        }

        return problems;
    }

    private static void Positive(List<string> problems, string name, long value)
    {
        if (value <= 0)
        {
            problems.Add($"{Section}:{name} must be positive.");
        }
    }
}
