using ControlPlane.Xds.Cache;
using Envoy.Service.Discovery.V3;
using Grpc.Core;

namespace ControlPlane.Xds.Protocol;

/// <summary>The state-of-the-world variant: every response carries the full (subscribed) set of a type.</summary>
internal sealed class SotwStream(XdsServerContext server, string? serviceType, IServerStreamWriter<DiscoveryResponse> writer)
    : StreamLoop<DiscoveryRequest, SotwTypeState>(server, serviceType)
{
    private readonly ResponseBatch<DiscoveryResponse> _batch = new(writer, server.Metrics);


    protected override string Variant => "sotw";

    protected override void Handle(DiscoveryRequest request)
    {
        Identify(request.Node);
        var typeUrl = Server.Validator.ValidateTypeUrl(request.TypeUrl, ServiceType);
        Server.Validator.ValidateNames("resource_names", request.ResourceNames);
        Server.Validator.ValidateVersion("version_info", request.VersionInfo);

        var index = ResourceTypes.IndexOf(typeUrl);
        var isFirst = Types[index] is null;
        if (Types[index] is not { } state)
        {
            state = new SotwTypeState(typeUrl, index);
            Types[index] = state;
            MarkChanged();
        }

        if (request.ResponseNonce.Length > 0)
        {
            if (request.ResponseNonce != state.LastNonce)
            {
                LogStaleNonce(typeUrl, request.ResponseNonce);
                return;
            }

            state.AwaitingAck = false;
            if (request.ErrorDetail is not null)
            {
                // A NACK's version_info is what the node still holds: what it reports again if it reconnects.
                var error = RecordNack(typeUrl, state.SentVersion!, request.ErrorDetail);
                var held = request.VersionInfo.Length > 0 ? request.VersionInfo : null;
                RememberForNode(index, state.SentVersion!, "", held, state.SentVersion!, error);
                state.SentVersion = state.AckedVersion;
                state.Sent = state.Acked;
                MarkChanged();
            }
            else
            {
                state.AckedVersion = state.SentVersion;
                state.Acked = state.Sent;
                Status!.Acked(typeUrl, state.SentVersion!);
                Server.Metrics.Ack(typeUrl, System.Diagnostics.Stopwatch.GetElapsedTime(state.SentDueSince));
            }
        }

        if (state.Subscription.Replace(request.ResourceNames, ResourceTypes.IsWildcardCapable(typeUrl), Snapshot?.Get(index)))
        {
            MarkChanged();
        }

        if (request.ResponseNonce.Length == 0 && request.VersionInfo.Length > 0 && state.LastNonce is null)
        {
            // A reconnecting node states what it holds. Checked at the next flush, not now: after a restart the group
            // may have no snapshot yet, and the node must still not be sent what it already holds once one arrives.
            state.ClaimedVersion = request.VersionInfo;
            MarkChanged();
        }

        if (isFirst && request.ResponseNonce.Length == 0 && request.VersionInfo.Length > 0)
        {
            var reported = request.VersionInfo;
            InheritRejections(index, rejection => rejection.HeldBefore == reported);
        }
    }

    protected override Task FlushAsync(CancellationToken cancellationToken) => _batch.WriteAsync(cancellationToken);

    protected override bool CollectResponses(XdsSnapshot snapshot)
    {
        // Additions first, in CDS, EDS, LDS, RDS order; a complete set (LDS, CDS) still carries resources about to go.
        var sentAny = false;
        var removalsDue = false;
        foreach (var state in Types)
        {
            if (state is not null)
            {
                var set = snapshot.Get(state.TypeIndex);
                AdoptClaim(state, set);
                var desired = Desired(state, set);
                var lingering = ResourceTypes.IsWildcardCapable(state.TypeUrl) ? Lingering(state, set) : null;
                removalsDue |= lingering is not null;
                var resources = lingering is null ? desired : [.. desired.Concat(lingering).OrderBy(r => r.Name, StringComparer.Ordinal)];
                sentAny |= SendIfNew(state, resources, VersionOf(resources, set));
            }
        }

        // Removals only once every addition has been answered, so nothing points at what is removed. Only a complete
        // set that still carries resources no longer wanted has any.
        if (!removalsDue || sentAny || AnyAwaitingAck())
        {
            return removalsDue;
        }

        foreach (var typeUrl in ResourceTypes.RemovalOrder)
        {
            if (Types[ResourceTypes.IndexOf(typeUrl)] is { } state && ResourceTypes.IsWildcardCapable(typeUrl))
            {
                var set = snapshot.Get(state.TypeIndex);
                var desired = Desired(state, set);
                SendIfNew(state, desired, VersionOf(desired, set));
            }
        }

        return false;
    }

    /// <summary>When the node already holds what it would be sent, that counts as sent and acknowledged.</summary>
    private void AdoptClaim(SotwTypeState state, ResourceSet set)
    {
        if (state.ClaimedVersion is not { } claimed)
        {
            return;
        }

        state.ClaimedVersion = null;
        var desired = Desired(state, set);
        if (VersionOf(desired, set) == claimed)
        {
            state.SentVersion = state.AckedVersion = claimed;
            state.Sent = state.Acked = desired;
            Status!.Sent(state.TypeUrl, claimed);
            Status.Acked(state.TypeUrl, claimed);
        }
    }

    private bool SendIfNew(SotwTypeState state, IReadOnlyList<XdsResource> resources, string version)
    {
        if (version == state.SentVersion || Status!.HasRejected(state.TypeUrl, version))
        {
            return false;
        }

        var response = new DiscoveryResponse { VersionInfo = version, TypeUrl = state.TypeUrl, Nonce = NextNonce() };
        response.Resources.Capacity = resources.Count;
        long bytes = 0;
        foreach (var resource in resources)
        {
            response.Resources.Add(resource.Any);
            bytes += resource.Body.Length;
        }

        state.LastNonce = response.Nonce;
        state.AwaitingAck = true;
        state.SentVersion = version;
        state.SentDueSince = DueSince();
        state.Sent = resources;
        Status.Sent(state.TypeUrl, version);
        _batch.Add(response, state.TypeUrl, bytes);
        return true;
    }

    /// <summary>
    /// The subscribed resources in name order. The common case, every resource of the type, is the snapshot's own
    /// array: thousands of streams share it instead of each building a copy.
    /// </summary>
    private static IReadOnlyList<XdsResource> Desired(SotwTypeState state, ResourceSet set)
    {
        var all = set.InNameOrder;
        if (state.Subscription.Wildcard)
        {
            return all;
        }

        // Both sides are in ordinal order: one walk, no lookups.
        var names = state.Subscription.Names;
        var next = 0;
        List<XdsResource>? selected = null;
        for (var i = 0; i < all.Length; i++)
        {
            while (next < names.Length && string.CompareOrdinal(names[next], all[i].Name) < 0)
            {
                next++;
            }

            if (next < names.Length && string.Equals(names[next], all[i].Name, StringComparison.Ordinal))
            {
                selected?.Add(all[i]);
            }
            else
            {
                selected ??= [.. all.AsSpan(0, i)];
            }
        }

        return selected ?? (IReadOnlyList<XdsResource>)all;
    }

    /// <summary>Resources sent before that are no longer desired: a complete set keeps them until removals are due.</summary>
    private static List<XdsResource>? Lingering(SotwTypeState state, ResourceSet set)
    {
        if (ReferenceEquals(state.Sent, set.InNameOrder) && state.Subscription.Wildcard)
        {
            return null;
        }

        List<XdsResource>? lingering = null;
        foreach (var resource in state.Sent)
        {
            if (!set.Contains(resource.Name) || !state.Subscription.Includes(resource.Name))
            {
                (lingering ??= []).Add(resource);
            }
        }

        return lingering;
    }

    /// <summary>The set's precomputed version when all of it is sent; hashing per stream only for real subsets.</summary>
    private static string VersionOf(IReadOnlyList<XdsResource> resources, ResourceSet set) =>
        ReferenceEquals(resources, set.InNameOrder) ? set.Version : ResourceSet.VersionOf(resources);
}
