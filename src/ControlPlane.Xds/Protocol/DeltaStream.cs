using ControlPlane.Xds.Cache;
using Envoy.Service.Discovery.V3;
using Grpc.Core;

namespace ControlPlane.Xds.Protocol;

/// <summary>The incremental variant: only changed resources go out, removals are named.</summary>
internal sealed class DeltaStream(XdsServerContext server, string? serviceType, IServerStreamWriter<DeltaDiscoveryResponse> writer)
    : StreamLoop<DeltaDiscoveryRequest, DeltaTypeState>(server, serviceType)
{
    private readonly ResponseBatch<DeltaDiscoveryResponse> _batch = new(writer, server.Metrics);


    protected override string Variant => ServiceType is null ? "ADS delta" : $"{ResourceTypes.ShortName(ServiceType)} delta";

    protected override void Handle(DeltaDiscoveryRequest request)
    {
        Identify(request.Node);
        var typeUrl = Server.Validator.ValidateTypeUrl(request.TypeUrl, ServiceType);
        Server.Validator.ValidateNames("resource_names_subscribe", request.ResourceNamesSubscribe);
        Server.Validator.ValidateNames("resource_names_unsubscribe", request.ResourceNamesUnsubscribe);
        if (request.InitialResourceVersions.Count > 0)
        {
            Server.Validator.ValidateNames("initial_resource_versions", request.InitialResourceVersions.Keys.ToList());
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
        foreach (var name in added)
        {
            state.NodeHas.Remove(name);
        }

        foreach (var name in request.ResourceNamesUnsubscribe)
        {
            if (!state.Subscription.Includes(name))
            {
                state.NodeHas.Remove(name);
            }
        }

        if (isFirst)
        {
            // On reconnect the node says what it holds; unchanged resources are not sent again.
            foreach (var (name, version) in request.InitialResourceVersions)
            {
                state.NodeHas[known?.Intern(name) ?? name] = version;
            }
        }
    }

    private void Acknowledge(DeltaTypeState state, Google.Rpc.Status? error)
    {
        state.AwaitingAck = false;
        if (error is null)
        {
            Node!.Acked(state.TypeUrl, state.SentVersion!);
            Server.Metrics.Ack(state.TypeUrl);
        }
        else
        {
            RecordNack(state.TypeUrl, state.SentVersion!, error);
            foreach (var (name, previous) in state.InFlight)
            {
                if (state.NodeHas.TryGetValue(name, out var rejected))
                {
                    Node!.RememberRejected(state.TypeUrl, RejectionKey(name, rejected));
                }

                if (previous is null)
                {
                    state.NodeHas.Remove(name);
                }
                else
                {
                    state.NodeHas[name] = previous;
                }
            }

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
        var inFlight = new (string Name, string? Previous)[resources.Count + removed.Count];
        response.Resources.Capacity = resources.Count;
        long bytes = 0;
        var i = 0;
        foreach (var resource in resources)
        {
            response.Resources.Add(resource.Delta);
            bytes += resource.Body.Length;
            inFlight[i++] = (resource.Name, state.NodeHas.GetValueOrDefault(resource.Name));
            state.NodeHas[resource.Name] = resource.Version;
        }

        foreach (var name in removed)
        {
            response.RemovedResources.Add(name);
            inFlight[i++] = (name, state.NodeHas[name]);
            state.NodeHas.Remove(name);
        }

        state.InFlight = inFlight;
        state.LastNonce = response.Nonce;
        state.AwaitingAck = true;
        state.SentVersion = snapshot.Version;
        Node!.Sent(state.TypeUrl, snapshot.Version);
        _batch.Add(response, state.TypeUrl, bytes);
    }

    /// <summary>Subscribed resources the node lacks at this version, minus versions it rejected; null when none (the usual case).</summary>
    private List<XdsResource>? Changed(DeltaTypeState state, ResourceSet set)
    {
        List<XdsResource>? changed = null;
        var mayHaveRejected = Node!.HasRejections(state.TypeUrl);
        foreach (var resource in set.InNameOrder)
        {
            if (state.Subscription.Includes(resource.Name)
                && (!state.NodeHas.TryGetValue(resource.Name, out var held) || held != resource.Version)
                && !(mayHaveRejected && Node.HasRejected(state.TypeUrl, RejectionKey(resource.Name, resource.Version))))
            {
                (changed ??= []).Add(resource);
            }
        }

        return changed;
    }

    private static List<string>? Removed(DeltaTypeState state, ResourceSet set)
    {
        List<string>? removed = null;
        foreach (var name in state.NodeHas.Keys)
        {
            if (!set.Contains(name))
            {
                (removed ??= []).Add(name);
            }
        }

        removed?.Sort(StringComparer.Ordinal);
        return removed;
    }

    private static string RejectionKey(string name, string version) => $"{name}@{version}";
}
