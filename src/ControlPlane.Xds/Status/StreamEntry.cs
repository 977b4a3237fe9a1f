namespace ControlPlane.Xds.Status;

/// <summary>
/// One stream's status per type (sent, acknowledged, rejected, last error) and the versions it must not be sent again:
/// the ones it rejected and the ones it took over from an earlier stream of its node (<see cref="Inherit"/>). Written by
/// the stream's loop, read by /status.
/// </summary>
internal sealed class StreamEntry(long streamId, string nodeId, string group, string variant, string service, string peer, DateTimeOffset connectedSince)
{
    private readonly Lock _lock = new();

    // By position in ResourceTypes.AdditionOrder: read and written on every response and ACK.
    private readonly TypeEntry?[] _types = new TypeEntry?[ResourceTypes.AdditionOrder.Length];

    public long StreamId { get; } = streamId;

    public string NodeId { get; } = nodeId;

    public string Group { get; } = group;

    // Static lambdas with explicit state: these run on every response and ACK of every stream.
    public void Sent(string typeUrl, string version) => Update(typeUrl, version, static (t, v) => t.Sent = v);

    public void Acked(string typeUrl, string version) => Update(typeUrl, version, static (t, v) => t.Acked = v);

    public void Rejected(string typeUrl, string version, string error, DateTimeOffset now) =>
        Update(typeUrl, (version, error, now), static (t, r) => t.Reject(r.version, r.error, r.now));

    /// <summary>Remembers a rejected "name@version" (delta) without touching the status, which names the rejected response.</summary>
    public void RememberRejected(string typeUrl, string key) => Update(typeUrl, key, static (t, k) => t.RememberRejected(k));

    /// <summary>
    /// Takes over a rejection by an earlier stream of this node that held what this one reports holding: most likely the
    /// same Envoy, reconnected. Shown as this stream's error; for SotW, what it holds counts as acknowledged.
    /// </summary>
    public void Inherit(string typeUrl, Rejection rejection) => Update(typeUrl, rejection, static (t, r) =>
    {
        t.Reject(r.Version, r.Error, r.At);
        t.RememberRejected(r.Key);
        if (r.Name.Length == 0)
        {
            t.Acked = r.HeldBefore;
        }
    });

    /// <summary>Whether this stream rejected anything of the type: lets a push skip the per-resource checks.</summary>
    public bool HasRejections(string typeUrl)
    {
        lock (_lock)
        {
            return _types[ResourceTypes.IndexOf(typeUrl)]?.RejectedVersions is not null;
        }
    }

    /// <summary>Versions of a type (or "name@version" for delta) this stream must not be sent.</summary>
    public bool HasRejected(string typeUrl, string version)
    {
        lock (_lock)
        {
            return _types[ResourceTypes.IndexOf(typeUrl)]?.RejectedVersions?.Contains(version) == true;
        }
    }

    public StreamSyncStatus ToStatus()
    {
        lock (_lock)
        {
            var types = _types
                .OfType<TypeEntry>()
                .Select(t => new TypeSyncStatus(ResourceTypes.ShortName(t.TypeUrl), t.Sent, t.Acked, t.Rejected, t.LastError, t.LastErrorAt))
                .ToArray();
            return new StreamSyncStatus(StreamId, NodeId, Group, variant, service, peer, connectedSince, types);
        }
    }

    private void Update<TState>(string typeUrl, TState state, Action<TypeEntry, TState> update)
    {
        lock (_lock)
        {
            var index = ResourceTypes.IndexOf(typeUrl);
            update(_types[index] ??= new TypeEntry(typeUrl), state);
        }
    }

    private sealed class TypeEntry(string typeUrl)
    {
        // Null until the first rejection: most streams never reject anything, and every stream holds four of these.
        private Rejections? _rejections;

        public string TypeUrl { get; } = typeUrl;

        public string? Sent { get; set; }

        public string? Acked { get; set; }

        public string? Rejected => _rejections?.Version;

        public string? LastError => _rejections?.LastError;

        public DateTimeOffset? LastErrorAt => _rejections?.LastErrorAt;

        public BoundedSet? RejectedVersions => _rejections?.Versions;

        public void Reject(string version, string error, DateTimeOffset at)
        {
            var rejections = _rejections ??= new Rejections();
            rejections.Version = version;
            rejections.LastError = error;
            rejections.LastErrorAt = at;
            rejections.Versions.Add(version);
        }

        public void RememberRejected(string version) => (_rejections ??= new Rejections()).Versions.Add(version);
    }

    private sealed class Rejections
    {
        public string? Version { get; set; }

        public string? LastError { get; set; }

        public DateTimeOffset? LastErrorAt { get; set; }

        // Enough to remember every recent bad push without letting a stream that NACKs everything grow without bound.
        public BoundedSet Versions { get; } = new(RejectionMemory.PerType);
    }
}
