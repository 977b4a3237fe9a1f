using System.Collections.Immutable;
using Envoy.Service.Discovery.V3;
using Grpc.Core;
using Grpc.Net.Client;
using RpcStatus = Google.Rpc.Status;

namespace ControlPlane.Xds.Tests.Infrastructure;

/// <summary>An Envoy on a state-of-the-world stream (ADS or one per-type service).</summary>
internal sealed class SotwEnvoyClient(GrpcChannel channel, Func<GrpcChannel, AsyncDuplexStreamingCall<DiscoveryRequest, DiscoveryResponse>> open, string nodeId, string group)
    : EnvoyStreamClient<DiscoveryRequest, DiscoveryResponse>(channel, open, nodeId, group)
{
    public override XdsVariant Variant => XdsVariant.Sotw;

    public override Task SubscribeWildcardAsync(string typeUrl, bool explicitly = false)
    {
        lock (Gate)
        {
            SubscriptionOf(typeUrl).Wildcard = true;
            SubscriptionOf(typeUrl).ExplicitWildcard = explicitly;
        }

        return SendSubscriptionAsync(typeUrl);
    }

    public override Task SubscribeAsync(string typeUrl, params string[] names)
    {
        lock (Gate)
        {
            SubscriptionOf(typeUrl).Names.UnionWith(names);
        }

        return SendSubscriptionAsync(typeUrl);
    }

    public override Task UnsubscribeAsync(string typeUrl, params string[] names)
    {
        lock (Gate)
        {
            SubscriptionOf(typeUrl).Names.ExceptWith(names);
        }

        ForgetUnsubscribed(typeUrl);
        return SendSubscriptionAsync(typeUrl);
    }

    protected override async Task AckCoreAsync(ReceivedResponse response)
    {
        Apply(response, replaceAll: ResourceTypes.IsWildcardCapable(response.TypeUrl));
        ForgetUnsubscribed(response.TypeUrl);
        lock (Gate)
        {
            SubscriptionOf(response.TypeUrl).AcceptedVersion = response.Version;
        }

        // The ACK: the accepted version, the nonce, and the subscription restated.
        await SendSubscriptionAsync(response.TypeUrl, response.Nonce);
        if (ReferencedBy(response.TypeUrl) is var (type, names))
        {
            await FollowAsync(type, names);
        }
    }

    protected override Task NackCoreAsync(ReceivedResponse response, string error)
    {
        var request = Request(response.TypeUrl, response.Nonce);
        request.ErrorDetail = new RpcStatus { Code = (int)StatusCode.InvalidArgument, Message = error };
        return WriteAsync(request);
    }

    /// <summary>Empties the subscription of a type (RDS by default) and restores it: the first answer is the probe's.</summary>
    public override async Task<ReceivedResponse> ProbeAsync(string? typeUrl = null, string? name = null)
    {
        typeUrl ??= ResourceTypes.Route;
        string[] saved;
        lock (Gate)
        {
            saved = [.. SubscriptionOf(typeUrl).Names];
        }

        var mark = ResponseCount;
        await FollowAsync(typeUrl, []);
        var probe = await ResponseAsync(mark, r => r.TypeUrl == typeUrl, $"the answer to a {ResourceTypes.ShortName(typeUrl)} probe");
        if (saved.Length > 0)
        {
            await FollowAsync(typeUrl, new SortedSet<string>(saved, StringComparer.Ordinal));
            await ResponseAsync(probe.Index + 1, r => r.TypeUrl == typeUrl && saved.All(r.Names.Contains), "the probed subscription to be restored");
        }

        return probe;
    }

    public override async Task<EnvoyClient> ReconnectAsync(GrpcChannel channel)
    {
        var next = new SotwEnvoyClient(channel, Open, NodeId, Node.Cluster) { AutoAck = true, FollowReferences = FollowReferences, RejectWhen = RejectWhen };
        next.RestoreHeld(CopyHeld());
        List<string> types;
        lock (Gate)
        {
            foreach (var (type, subscription) in Subscriptions)
            {
                var copy = next.SubscriptionOf(type);
                copy.Wildcard = subscription.Wildcard;
                copy.Names.UnionWith(subscription.Names);
                copy.AcceptedVersion = subscription.AcceptedVersion;
            }

            types = [.. ResourceTypes.AdditionOrder.Where(t => Subscriptions.TryGetValue(t, out var s) && s.Requested)];
        }

        // Envoy restates every subscription with the version it holds and no nonce.
        foreach (var type in types)
        {
            await next.SendSubscriptionAsync(type);
        }

        return next;
    }

    protected override ReceivedResponse Receive(DiscoveryResponse response)
    {
        lock (Gate)
        {
            SubscriptionOf(response.TypeUrl).LastNonce = response.Nonce;
        }

        var resources = response.Resources.Select(any => new ReceivedResource(EnvoyResourceReader.NameOf(any), null, any)).ToImmutableArray();
        return Record(response.TypeUrl, response.Nonce, response.VersionInfo, resources, []);
    }

    protected override void SetNode(DiscoveryRequest request, Envoy.Config.Core.V3.Node node) => request.Node = node;

    private async Task FollowAsync(string typeUrl, SortedSet<string> names)
    {
        lock (Gate)
        {
            var subscription = SubscriptionOf(typeUrl);
            if (subscription.Names.SetEquals(names) && (subscription.Requested || names.Count == 0))
            {
                return;
            }

            subscription.Names.Clear();
            subscription.Names.UnionWith(names);
        }

        ForgetUnsubscribed(typeUrl);
        await SendSubscriptionAsync(typeUrl);
    }

    private Task SendSubscriptionAsync(string typeUrl, string? nonce = null) => WriteAsync(Request(typeUrl, nonce));

    private DiscoveryRequest Request(string typeUrl, string? nonce)
    {
        lock (Gate)
        {
            var subscription = SubscriptionOf(typeUrl);
            subscription.Requested = true;
            var request = new DiscoveryRequest
            {
                TypeUrl = typeUrl,
                VersionInfo = subscription.AcceptedVersion,
                ResponseNonce = nonce ?? subscription.LastNonce,
            };
            request.ResourceNames.AddRange(subscription.Names);
            if (subscription.Wildcard && (subscription.ExplicitWildcard || subscription.Names.Count > 0))
            {
                request.ResourceNames.Add("*");
            }

            return request;
        }
    }
}
