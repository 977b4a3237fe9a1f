using ControlPlane.Xds.Cache;
using Envoy.Service.Discovery.V3;
using Grpc.Core;

namespace ControlPlane.Xds.Protocol;

/// <summary>The state-of-the-world variant: every response carries the full (subscribed) set of a type.</summary>
internal sealed class SotwStream(XdsServerContext server, string? serviceType, IServerStreamWriter<DiscoveryResponse> writer)
    : StreamLoop<DiscoveryRequest>(server, serviceType)
{
    private readonly Dictionary<string, SotwTypeState> _types = new(StringComparer.Ordinal);

    protected override string Variant => ServiceType is null ? "ADS SotW" : $"{ResourceTypes.ShortName(ServiceType)} SotW";

    protected override void Handle(DiscoveryRequest request)
    {
        Identify(request.Node);
        var typeUrl = Server.Validator.ValidateTypeUrl(request.TypeUrl, ServiceType);
        Server.Validator.ValidateNames("resource_names", request.ResourceNames);

        if (!_types.TryGetValue(typeUrl, out var state))
        {
            state = new SotwTypeState(typeUrl);
            _types[typeUrl] = state;
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
                RecordNack(typeUrl, state.SentVersion!, request.ErrorDetail);
                state.SentVersion = state.AckedVersion;
                state.Sent = state.Acked;
            }
            else
            {
                state.AckedVersion = state.SentVersion;
                state.Acked = state.Sent;
                Node!.Acked(typeUrl, state.SentVersion!);
                Server.Metrics.Ack(typeUrl);
            }
        }

        state.Subscription.Replace(request.ResourceNames, legacyWildcard: ResourceTypes.IsWildcardCapable(typeUrl));

        if (request.ResponseNonce.Length == 0 && request.VersionInfo.Length > 0 && state.LastNonce is null)
        {
            // A reconnecting node states what it holds. Checked at the next flush, not now: after a restart the group
            // may have no snapshot yet, and the node must still not be sent what it already holds once one arrives.
            state.ClaimedVersion = request.VersionInfo;
        }
    }

    protected override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (Snapshot is not { } snapshot)
        {
            return;
        }

        // Additions first, in CDS, EDS, LDS, RDS order; a complete set (LDS, CDS) still carries resources about to go.
        var sentAny = false;
        foreach (var typeUrl in ResourceTypes.AdditionOrder)
        {
            if (_types.TryGetValue(typeUrl, out var state))
            {
                AdoptClaim(state, snapshot);
                var desired = Desired(state, snapshot);
                var lingering = ResourceTypes.IsWildcardCapable(typeUrl)
                    ? state.Sent.Values.Where(r => !desired.Exists(d => d.Name == r.Name))
                    : [];
                sentAny |= await SendIfNewAsync(state, desired.Concat(lingering).OrderBy(r => r.Name, StringComparer.Ordinal).ToList(), cancellationToken).ConfigureAwait(false);
            }
        }

        // Removals only once every addition has been answered, so nothing points at what is removed.
        if (sentAny || _types.Values.Any(t => t.AwaitingAck))
        {
            return;
        }

        foreach (var typeUrl in ResourceTypes.RemovalOrder)
        {
            if (_types.TryGetValue(typeUrl, out var state) && ResourceTypes.IsWildcardCapable(typeUrl))
            {
                await SendIfNewAsync(state, Desired(state, snapshot), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>When the node already holds what it would be sent, that counts as sent and acknowledged.</summary>
    private void AdoptClaim(SotwTypeState state, XdsSnapshot snapshot)
    {
        if (state.ClaimedVersion is not { } claimed)
        {
            return;
        }

        state.ClaimedVersion = null;
        var desired = Desired(state, snapshot);
        if (ResourceSet.VersionOf(desired) == claimed)
        {
            state.SentVersion = state.AckedVersion = claimed;
            state.Sent = state.Acked = desired.ToDictionary(r => r.Name, StringComparer.Ordinal);
            Node!.Sent(state.TypeUrl, claimed);
            Node.Acked(state.TypeUrl, claimed);
        }
    }

    private async Task<bool> SendIfNewAsync(SotwTypeState state, List<XdsResource> resources, CancellationToken cancellationToken)
    {
        var version = ResourceSet.VersionOf(resources);
        if (version == state.SentVersion || Node!.HasRejected(state.TypeUrl, version))
        {
            return false;
        }

        var response = new DiscoveryResponse { VersionInfo = version, TypeUrl = state.TypeUrl, Nonce = NextNonce() };
        long bytes = 0;
        foreach (var resource in resources)
        {
            response.Resources.Add(resource.Any);
            bytes += resource.Body.Length;
        }

        state.LastNonce = response.Nonce;
        state.AwaitingAck = true;
        state.SentVersion = version;
        state.Sent = resources.ToDictionary(r => r.Name, StringComparer.Ordinal);
        Node.Sent(state.TypeUrl, version);
        await writer.WriteAsync(response, cancellationToken).ConfigureAwait(false);
        Server.Metrics.ResponseSent(state.TypeUrl, bytes);
        return true;
    }

    private static List<XdsResource> Desired(SotwTypeState state, XdsSnapshot snapshot)
    {
        var all = snapshot.Get(state.TypeUrl).Resources;
        if (state.Subscription.Wildcard)
        {
            return [.. all.Values];
        }

        var selected = new List<XdsResource>(state.Subscription.Names.Count);
        foreach (var name in state.Subscription.Names.Order(StringComparer.Ordinal))
        {
            if (all.TryGetValue(name, out var resource))
            {
                selected.Add(resource);
            }
        }

        return selected;
    }
}
