using System.Collections.Immutable;
using ControlPlane.Xds.Cache;
using Envoy.Config.Core.V3;
using Google.Protobuf;
using Grpc.Net.Client;

namespace ControlPlane.Xds.Tests.Infrastructure;

/// <summary>
/// What both Envoy-like clients share: the node, the subscriptions, what the client holds, a log of every response and
/// awaitable conditions over them. Like Envoy it subscribes to the load assignments of its EDS clusters and to the route
/// configurations of its listeners, ACKs what it accepts and NACKs what <see cref="RejectWhen"/> refuses.
/// </summary>
internal abstract class EnvoyClient : IAsyncDisposable
{
    private readonly List<ReceivedResponse> _responses = [];
    private readonly Dictionary<string, SortedDictionary<string, ReceivedResource>> _held = new(StringComparer.Ordinal);
    private readonly HashSet<int> _answered = [];
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _nodeSent;

    protected EnvoyClient(string nodeId, string group)
    {
        // What Envoy says of itself; the bootstrap sets only id and cluster.
        Node = new Node
        {
            Id = nodeId,
            Cluster = group,
            UserAgentName = "envoy",
            UserAgentBuildVersion = new BuildVersion { Version = new Envoy.Type.V3.SemanticVersion { MajorNumber = 1, MinorNumber = 31, Patch = 2 } },
            ClientFeatures = { "envoy.lb.does_not_support_overprovisioning", "envoy.lrs.supports_send_all_clusters" },
        };
    }

    public abstract XdsVariant Variant { get; }

    public Node Node { get; }

    public string NodeId => Node.Id;

    /// <summary>Ends with the stream: normally, or with the server's status as an <see cref="Grpc.Core.RpcException"/>.</summary>
    public Task Completion { get; protected set; } = Task.CompletedTask;

    /// <summary>Returns an error message to NACK a response with, or null to accept it.</summary>
    public Func<ReceivedResponse, string?>? RejectWhen { get; set; }

    /// <summary>False to leave ACKs to the test (<see cref="AckAsync"/>, <see cref="NackAsync"/>, <see cref="AckPendingAsync"/>).</summary>
    public bool AutoAck { get; set; } = true;

    /// <summary>Subscribe to EDS and RDS names found in clusters and listeners, as Envoy does.</summary>
    public bool FollowReferences { get; init; } = true;

    protected Lock Gate { get; } = new();

    protected Dictionary<string, ClientSubscription> Subscriptions { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<ReceivedResponse> Responses
    {
        get
        {
            lock (Gate)
            {
                return [.. _responses];
            }
        }
    }

    public int ResponseCount
    {
        get
        {
            lock (Gate)
            {
                return _responses.Count;
            }
        }
    }

    /// <summary>Envoy's start over ADS: every cluster and every listener; the rest follows from what they name.</summary>
    public async Task StartAsync()
    {
        await SubscribeWildcardAsync(ResourceTypes.Cluster);
        await SubscribeWildcardAsync(ResourceTypes.Listener);
    }

    /// <summary>Everything of a type: by naming nothing on the first request (legacy), or by naming "*" explicitly.</summary>
    public abstract Task SubscribeWildcardAsync(string typeUrl, bool explicitly = false);

    public abstract Task SubscribeAsync(string typeUrl, params string[] names);

    public abstract Task UnsubscribeAsync(string typeUrl, params string[] names);

    /// <summary>Accepts the response: holds its resources and ACKs it (and follows what it references).</summary>
    public Task AckAsync(ReceivedResponse response) => TryMarkAnswered(response) ? AckCoreAsync(response) : Task.CompletedTask;

    /// <summary>Rejects the response: keeps what it held and NACKs it with <paramref name="error"/>.</summary>
    public Task NackAsync(ReceivedResponse response, string error) => TryMarkAnswered(response) ? NackCoreAsync(response, error) : Task.CompletedTask;

    /// <summary>ACKs, in order, every response not answered yet (that <paramref name="match"/> selects).</summary>
    public async Task AckPendingAsync(Func<ReceivedResponse, bool>? match = null)
    {
        foreach (var response in Responses.Where(r => match?.Invoke(r) ?? true))
        {
            await AckAsync(response);
        }
    }

    /// <summary>
    /// Sends a request that the server must answer, and returns its answer. The server handles a stream's requests in
    /// order, so anything a request sent earlier caused arrives before this answer: "nothing arrived before the probe's
    /// answer" proves that earlier request caused no response, without waiting for time to pass.
    /// </summary>
    public abstract Task<ReceivedResponse> ProbeAsync(string? typeUrl = null, string? name = null);

    /// <summary>A new stream for the same node that tells the server what this one holds, as Envoy does on reconnect.</summary>
    public abstract Task<EnvoyClient> ReconnectAsync(GrpcChannel channel);

    public IReadOnlyDictionary<string, ReceivedResource> Held(string typeUrl)
    {
        lock (Gate)
        {
            return _held.TryGetValue(typeUrl, out var held) ? new Dictionary<string, ReceivedResource>(held) : [];
        }
    }

    public Task<ReceivedResponse> ResponseAsync(int index) =>
        WaitForAsync(() => ResponseCountUnlocked() > index ? _responses[index] : null, $"response #{index}");

    /// <summary>The first response at or after <paramref name="fromIndex"/> that matches.</summary>
    public Task<ReceivedResponse> ResponseAsync(int fromIndex, Func<ReceivedResponse, bool> match, string what) =>
        WaitForAsync(() => _responses.Skip(fromIndex).FirstOrDefault(match), what);

    /// <summary>Until the client holds exactly the snapshot's resources of the given types (all by default), byte for byte.</summary>
    public Task WaitUntilHoldsAsync(XdsSnapshot snapshot, params string[] types) =>
        WaitForAsync(() => HoldsUnlocked(snapshot, types.Length == 0 ? ResourceTypes.AdditionOrder : [.. types]) ? this : null, $"{NodeId} to hold snapshot {snapshot.Version}");

    public bool Holds(XdsSnapshot snapshot)
    {
        lock (Gate)
        {
            return HoldsUnlocked(snapshot, ResourceTypes.AdditionOrder);
        }
    }

    public abstract Task SendRawAsync(IMessage request);

    protected abstract Task AckCoreAsync(ReceivedResponse response);

    protected abstract Task NackCoreAsync(ReceivedResponse response, string error);

    /// <summary>The response handling every client does on receipt: answer it (unless the test does), then wake waiters.</summary>
    protected async Task HandleAsync(ReceivedResponse response)
    {
        if (AutoAck)
        {
            await (response.RejectedWith is { } error ? NackAsync(response, error) : AckAsync(response));
        }

        Signal();
    }

    public abstract ValueTask DisposeAsync();

    protected async Task<T> WaitForAsync<T>(Func<T?> condition, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + Guard.Timeout;
        while (true)
        {
            Task changed;
            lock (Gate)
            {
                if (condition() is { } result)
                {
                    return result;
                }

                if (Completion.IsCompleted)
                {
                    throw new InvalidOperationException($"{NodeId}: stream ended ({Completion.Exception?.InnerException?.Message ?? "normally"}) while waiting for {what}; received: {Describe()}");
                }

                changed = _changed.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, Completion, Task.Delay(left)) is var woken && woken != changed && woken != Completion)
            {
                throw new TimeoutException($"{NodeId}: gave up waiting for {what}; received: {Describe()}");
            }
        }
    }

    protected ReceivedResponse Record(string typeUrl, string nonce, string version, ImmutableArray<ReceivedResource> resources, ImmutableArray<string> removed)
    {
        lock (Gate)
        {
            var response = new ReceivedResponse(_responses.Count, typeUrl, nonce, version, resources, removed, null);
            if (RejectWhen?.Invoke(response) is { } error)
            {
                response = response with { RejectedWith = error };
            }

            _responses.Add(response);
            return response;
        }
    }

    /// <summary>Applies an accepted response to what the client holds.</summary>
    protected void Apply(ReceivedResponse response, bool replaceAll)
    {
        lock (Gate)
        {
            var held = HeldUnlocked(response.TypeUrl);
            if (replaceAll)
            {
                held.Clear();
            }

            foreach (var resource in response.Resources)
            {
                held[resource.Name] = resource;
            }

            foreach (var name in response.Removed)
            {
                held.Remove(name);
            }
        }
    }

    /// <summary>Drops what the client no longer subscribes to (Envoy forgets a load assignment with its cluster).</summary>
    protected void ForgetUnsubscribed(string typeUrl)
    {
        lock (Gate)
        {
            if (Subscriptions.TryGetValue(typeUrl, out var subscription) && !subscription.Wildcard)
            {
                var held = HeldUnlocked(typeUrl);
                foreach (var name in held.Keys.Where(n => !subscription.Names.Contains(n)).ToList())
                {
                    held.Remove(name);
                }
            }
        }
    }

    /// <summary>The EDS or RDS names Envoy would now want, or null when <paramref name="acceptedType"/> implies none.</summary>
    protected (string TypeUrl, SortedSet<string> Names)? ReferencedBy(string acceptedType)
    {
        if (!FollowReferences)
        {
            return null;
        }

        lock (Gate)
        {
            var held = HeldUnlocked(acceptedType).Values.Select(r => r.Resource);
            return acceptedType switch
            {
                ResourceTypes.Cluster => (ResourceTypes.Endpoint, new SortedSet<string>(EnvoyResourceReader.LoadAssignmentNames(held), StringComparer.Ordinal)),
                ResourceTypes.Listener => (ResourceTypes.Route, new SortedSet<string>(EnvoyResourceReader.RouteConfigNames(held), StringComparer.Ordinal)),
                _ => null,
            };
        }
    }

    protected Dictionary<string, SortedDictionary<string, ReceivedResource>> CopyHeld()
    {
        lock (Gate)
        {
            return _held.ToDictionary(kv => kv.Key, kv => new SortedDictionary<string, ReceivedResource>(kv.Value, StringComparer.Ordinal));
        }
    }

    protected void RestoreHeld(Dictionary<string, SortedDictionary<string, ReceivedResource>> held)
    {
        lock (Gate)
        {
            foreach (var (type, resources) in held)
            {
                _held[type] = resources;
            }
        }
    }

    /// <summary>Sends a request; the first one of the stream carries the node, as Envoy does.</summary>
    protected async Task WriteAsync<TRequest>(Grpc.Core.IClientStreamWriter<TRequest> writer, TRequest request, Action<TRequest, Node> setNode)
    {
        await _writeLock.WaitAsync();
        try
        {
            if (!_nodeSent)
            {
                setNode(request, Node);
                _nodeSent = true;
            }

            await writer.WriteAsync(request);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Wakes every waiter; called after each response is handled (ACK sent) and when the stream ends.</summary>
    protected void Signal()
    {
        TaskCompletionSource changed;
        lock (Gate)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    protected ClientSubscription SubscriptionOf(string typeUrl)
    {
        lock (Gate)
        {
            if (!Subscriptions.TryGetValue(typeUrl, out var subscription))
            {
                subscription = new ClientSubscription();
                Subscriptions[typeUrl] = subscription;
            }

            return subscription;
        }
    }

    private bool TryMarkAnswered(ReceivedResponse response)
    {
        lock (Gate)
        {
            return _answered.Add(response.Index);
        }
    }

    private SortedDictionary<string, ReceivedResource> HeldUnlocked(string typeUrl)
    {
        if (!_held.TryGetValue(typeUrl, out var held))
        {
            held = new SortedDictionary<string, ReceivedResource>(StringComparer.Ordinal);
            _held[typeUrl] = held;
        }

        return held;
    }

    private bool HoldsUnlocked(XdsSnapshot snapshot, IEnumerable<string> types) =>
        types.All(type =>
        {
            var expected = snapshot.Get(type).Resources;
            var held = _held.GetValueOrDefault(type) ?? [];
            return held.Count == expected.Count
                && expected.All(e => held.TryGetValue(e.Key, out var h) && h.Resource.Value.Equals(e.Value.Body));
        });

    private int ResponseCountUnlocked() => _responses.Count;

    private string Describe() => _responses.Count == 0 ? "nothing" : string.Join("; ", _responses);
}

/// <summary>What a client asked for of one type.</summary>
internal sealed class ClientSubscription
{
    public bool Wildcard { get; set; }

    /// <summary>SotW: name "*" rather than nothing.</summary>
    public bool ExplicitWildcard { get; set; }

    public SortedSet<string> Names { get; } = new(StringComparer.Ordinal);

    /// <summary>SotW: the last version accepted and the last nonce received, echoed in every request.</summary>
    public string AcceptedVersion { get; set; } = "";

    public string LastNonce { get; set; } = "";

    /// <summary>Whether a request for this type went out on the current stream.</summary>
    public bool Requested { get; set; }
}
