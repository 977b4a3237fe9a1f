using ControlPlane.Xds.Cache;
using Envoy.Service.Discovery.V3;
using Grpc.Core;

namespace ControlPlane.Xds.Protocol;

/// <summary>The incremental variant: only changed resources go out, removals are named.</summary>
internal sealed class DeltaStream(XdsServerContext server, string? serviceType, IServerStreamWriter<DeltaDiscoveryResponse> writer)
    : StreamLoop<DeltaDiscoveryRequest, DeltaTypeState>(server, serviceType)
{
    private readonly ResponseBatch<DeltaDiscoveryResponse> _batch = new(writer, server.Metrics);


    protected override string Variant => "delta";

    protected override void Handle(DeltaDiscoveryRequest request)
    {
        Identify(request.Node);
        var typeUrl = Server.Validator.ValidateTypeUrl(request.TypeUrl, ServiceType);
        Server.Validator.ValidateNames("resource_names_subscribe", request.ResourceNamesSubscribe);
        Server.Validator.ValidateNames("resource_names_unsubscribe", request.ResourceNamesUnsubscribe);
        if (request.InitialResourceVersions.Count > 0)
        {
            Server.Validator.ValidateNames("initial_resource_versions", request.InitialResourceVersions.Keys.ToList());
            foreach (var version in request.InitialResourceVersions.Values)
            {
                Server.Validator.ValidateVersion("initial_resource_versions", version);
            }
        }

        var index = ResourceTypes.IndexOf(typeUrl);
        var isFirst = Types[index] is null;
        var state = Types[index] ??= new DeltaTypeState(typeUrl, index);

        if (request.ResponseNonce.Length > 0)
        {
            if (request.ResponseNonce != state.LastNonce)
            {
                // An answer to a response already superseded; subscription changes in it still count.
                LogStaleNonce(typeUrl, request.ResponseNonce);
            }
            else
            {
                Acknowledge(state, request.ErrorDetail);
            }
        }

        var known = Snapshot?.Get(index);
        var added = state.Subscription.Apply(
            request.ResourceNamesSubscribe,
            request.ResourceNamesUnsubscribe,
            legacyWildcard: isFirst && ResourceTypes.IsWildcardCapable(typeUrl),
            known);
        if (isFirst || added.Count > 0 || request.ResourceNamesUnsubscribe.Count > 0)
        {
            MarkChanged();
        }

        // A subscription to a name the node already holds is answered again: the node asked, so it lacks it.
        List<(string Name, string? Version)>? changes = null;
        foreach (var name in added)
        {
            (changes ??= []).Add((name, null));
        }

        foreach (var name in request.ResourceNamesUnsubscribe)
        {
            if (!state.Subscription.Includes(name))
            {
                (changes ??= []).Add((name, null));
            }
        }

        if (isFirst && request.InitialResourceVersions.Count > 0)
        {
            var reported = request.InitialResourceVersions;
            InheritRejections(index, rejection => reported.TryGetValue(rejection.Name, out var version) && version == rejection.HeldBefore);
        }

        if (isFirst)
        {
            // On reconnect the node says what it holds; unchanged resources are not sent again.
            foreach (var (name, version) in request.InitialResourceVersions)
            {
                (changes ??= []).Add((known?.Intern(name) ?? name, version));
            }
        }

        if (changes is not null)
        {
            state.Held = state.Held.With(changes);
        }
    }

    private void Acknowledge(DeltaTypeState state, Google.Rpc.Status? error)
    {
        state.AwaitingAck = false;
        if (error is null)
        {
            Status!.Acked(state.TypeUrl, state.SentVersion!);
            Server.Metrics.Ack(state.TypeUrl, System.Diagnostics.Stopwatch.GetElapsedTime(state.SentDueSince));
        }
        else
        {
            var message = RecordNack(state.TypeUrl, state.SentVersion!, error);
            foreach (var (name, heldBefore) in state.InFlight)
            {
                if (state.Held.TryGet(name, out var rejected))
                {
                    var key = RejectionKey(name, rejected);
                    Status!.RememberRejected(state.TypeUrl, key);
                    RememberForNode(state.TypeIndex, key, name, heldBefore, state.SentVersion!, message);
                }
            }

            state.Held = state.Held.With(state.InFlight);

            MarkChanged();
        }

        state.InFlight = [];
    }

    protected override Task FlushAsync(CancellationToken cancellationToken) => _batch.WriteAsync(cancellationToken);

    protected override bool CollectResponses(XdsSnapshot snapshot)
    {
        var sentAny = false;
        foreach (var state in Types)
        {
            if (state is not null && Changed(state, snapshot.Get(state.TypeIndex)) is { } changed)
            {
                Send(state, snapshot, changed, []);
                sentAny = true;
            }
        }

        // Removals only once every addition has been answered, so nothing points at what is removed.
        if (sentAny || AnyAwaitingAck())
        {
            return AnyRemoved(snapshot);
        }

        foreach (var typeUrl in ResourceTypes.RemovalOrder)
        {
            if (Types[ResourceTypes.IndexOf(typeUrl)] is { } state && Removed(state, snapshot.Get(state.TypeIndex)) is { } removed)
            {
                Send(state, snapshot, [], removed);
            }
        }

        return false;
    }

    private bool AnyRemoved(XdsSnapshot snapshot)
    {
        foreach (var state in Types)
        {
            if (state is not null && Removed(state, snapshot.Get(state.TypeIndex)) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private void Send(DeltaTypeState state, XdsSnapshot snapshot, List<XdsResource> resources, List<string> removed)
    {
        var response = new DeltaDiscoveryResponse { SystemVersionInfo = snapshot.Version, TypeUrl = state.TypeUrl, Nonce = NextNonce() };
        var inFlight = new (string Name, string? Version)[resources.Count + removed.Count];
        var changes = new (string Name, string? Version)[inFlight.Length];
        response.Resources.Capacity = resources.Count;
        long bytes = 0;
        var i = 0;
        foreach (var resource in resources)
        {
            response.Resources.Add(resource.Delta);
            bytes += resource.Body.Length;
            inFlight[i] = (resource.Name, state.Held.TryGet(resource.Name, out var held) ? held : null);
            changes[i++] = (resource.Name, resource.Version);
        }

        foreach (var name in removed)
        {
            response.RemovedResources.Add(name);
            inFlight[i] = (name, state.Held.TryGet(name, out var held) ? held : null);
            changes[i++] = (name, null);
        }

        // Holding the whole set is the common outcome: then the set's own instance serves as this node's.
        var set = snapshot.Get(state.TypeIndex);
        var nowHeld = state.Held.With(changes);
        state.Held = nowHeld.SameAs(set.Held) ? set.Held : nowHeld;
        state.InFlight = inFlight;
        state.LastNonce = response.Nonce;
        state.AwaitingAck = true;
        state.SentVersion = snapshot.Version;
        state.SentDueSince = DueSince();
        Status!.Sent(state.TypeUrl, snapshot.Version);
        _batch.Add(response, state.TypeUrl, bytes);
    }

    /// <summary>Subscribed resources the node lacks at this version, minus versions it rejected; null when none (the usual case).</summary>
    private List<XdsResource>? Changed(DeltaTypeState state, ResourceSet set)
    {
        if (ReferenceEquals(state.Held, set.Held))
        {
            return null;
        }

        // Both sides are in ordinal name order: one walk, no lookups.
        List<XdsResource>? changed = null;
        var mayHaveRejected = Status!.HasRejections(state.TypeUrl);
        var held = state.Held.Entries;
        var next = 0;
        foreach (var resource in set.InNameOrder)
        {
            while (next < held.Length && string.CompareOrdinal(held[next].Name, resource.Name) < 0)
            {
                next++;
            }

            var holds = next < held.Length && string.Equals(held[next].Name, resource.Name, StringComparison.Ordinal)
                && string.Equals(held[next].Version, resource.Version, StringComparison.Ordinal);
            if (!holds
                && state.Subscription.Includes(resource.Name)
                && !(mayHaveRejected && Status.HasRejected(state.TypeUrl, RejectionKey(resource.Name, resource.Version))))
            {
                (changed ??= []).Add(resource);
            }
        }

        return changed;
    }

    /// <summary>Held names the set no longer has, in name order; null when none.</summary>
    private static List<string>? Removed(DeltaTypeState state, ResourceSet set)
    {
        if (ReferenceEquals(state.Held, set.Held))
        {
            return null;
        }

        List<string>? removed = null;
        foreach (var (name, _) in state.Held.Entries)
        {
            if (!set.Contains(name))
            {
                (removed ??= []).Add(name);
            }
        }

        return removed;
    }

    private static string RejectionKey(string name, string version) => $"{name}@{version}";
}
