using System.Collections.Immutable;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using RpcStatus = Google.Rpc.Status;

namespace ControlPlane.Xds.Tests.Infrastructure;

/// <summary>An Envoy on an incremental (delta) stream (ADS or one per-type service).</summary>
internal sealed class DeltaEnvoyClient(GrpcChannel channel, Func<GrpcChannel, AsyncDuplexStreamingCall<DeltaDiscoveryRequest, DeltaDiscoveryResponse>> open, string nodeId, string group)
    : EnvoyStreamClient<DeltaDiscoveryRequest, DeltaDiscoveryResponse>(channel, open, nodeId, group)
{
    public override XdsVariant Variant => XdsVariant.Delta;

    public override Task SubscribeWildcardAsync(string typeUrl, bool explicitly = false)
    {
        bool first;
        lock (Gate)
        {
            var subscription = SubscriptionOf(typeUrl);
            first = !subscription.Requested;
            subscription.Wildcard = true;
        }

        return first && !explicitly ? ChangeAsync(typeUrl, [], []) : ChangeAsync(typeUrl, ["*"], []);
    }

    public override Task SubscribeAsync(string typeUrl, params string[] names)
    {
        lock (Gate)
        {
            SubscriptionOf(typeUrl).Names.UnionWith(names);
        }

        return ChangeAsync(typeUrl, names, []);
    }

    public override Task UnsubscribeAsync(string typeUrl, params string[] names)
    {
        lock (Gate)
        {
            var subscription = SubscriptionOf(typeUrl);
            subscription.Names.ExceptWith(names);
            if (names.Contains("*"))
            {
                subscription.Wildcard = false;
            }
        }

        ForgetUnsubscribed(typeUrl);
        return ChangeAsync(typeUrl, [], names);
    }

    protected override async Task AckCoreAsync(ReceivedResponse response)
    {
        Apply(response, replaceAll: false);
        await WriteAsync(new DeltaDiscoveryRequest { TypeUrl = response.TypeUrl, ResponseNonce = response.Nonce });
        if (ReferencedBy(response.TypeUrl) is var (type, names))
        {
            await FollowAsync(type, names);
        }
    }

    protected override Task NackCoreAsync(ReceivedResponse response, string error) =>
        WriteAsync(new DeltaDiscoveryRequest
        {
            TypeUrl = response.TypeUrl,
            ResponseNonce = response.Nonce,
            ErrorDetail = new RpcStatus { Code = (int)StatusCode.InvalidArgument, Message = error },
        });

    /// <summary>Subscribes again to a resource it holds (a route configuration by default): the server must send it again.</summary>
    public override async Task<ReceivedResponse> ProbeAsync(string? typeUrl = null, string? name = null)
    {
        typeUrl ??= ResourceTypes.Route;
        name ??= Held(typeUrl).Keys.Order(StringComparer.Ordinal).First();
        var mark = ResponseCount;
        await SubscribeAsync(typeUrl, name);
        return await ResponseAsync(mark, r => r.TypeUrl == typeUrl && r.Names.Contains(name), $"the answer to a probe of {ResourceTypes.ShortName(typeUrl)} '{name}'");
    }

    public override async Task<EnvoyClient> ReconnectAsync(GrpcChannel channel)
    {
        var next = new DeltaEnvoyClient(channel, Open, NodeId, Node.Cluster) { AutoAck = true, FollowReferences = FollowReferences, RejectWhen = RejectWhen };
        next.RestoreHeld(CopyHeld());
        List<(string Type, string[] Names)> resume;
        lock (Gate)
        {
            foreach (var (type, subscription) in Subscriptions)
            {
                var copy = next.SubscriptionOf(type);
                copy.Wildcard = subscription.Wildcard;
                copy.Names.UnionWith(subscription.Names);
            }

            resume = [.. ResourceTypes.AdditionOrder
                .Where(t => Subscriptions.TryGetValue(t, out var s) && s.Requested)
                .Select(t => (t, Subscriptions[t].Names.ToArray()))];
        }

        // Envoy restates its subscriptions and, in initial_resource_versions, what it holds.
        foreach (var (type, names) in resume)
        {
            await next.ChangeAsync(type, names, []);
        }

        return next;
    }

    protected override ReceivedResponse Receive(DeltaDiscoveryResponse response)
    {
        var resources = response.Resources.Select(r => new ReceivedResource(r.Name, r.Version, r.Resource_)).ToImmutableArray();
        return Record(response.TypeUrl, response.Nonce, response.SystemVersionInfo, resources, [.. response.RemovedResources]);
    }

    protected override void SetNode(DeltaDiscoveryRequest request, Envoy.Config.Core.V3.Node node) => request.Node = node;

    private async Task FollowAsync(string typeUrl, SortedSet<string> names)
    {
        string[] added, removed;
        lock (Gate)
        {
            var subscription = SubscriptionOf(typeUrl);
            added = [.. names.Except(subscription.Names)];
            removed = [.. subscription.Names.Except(names)];
            if (added.Length == 0 && removed.Length == 0)
            {
                return;
            }

            subscription.Names.Clear();
            subscription.Names.UnionWith(names);
        }

        ForgetUnsubscribed(typeUrl);
        await ChangeAsync(typeUrl, added, removed);
    }

    /// <summary>The first request of a type also says what the client already holds of it.</summary>
    private Task ChangeAsync(string typeUrl, IEnumerable<string> subscribe, IEnumerable<string> unsubscribe)
    {
        var request = new DeltaDiscoveryRequest { TypeUrl = typeUrl };
        request.ResourceNamesSubscribe.AddRange(subscribe);
        request.ResourceNamesUnsubscribe.AddRange(unsubscribe);
        lock (Gate)
        {
            var subscription = SubscriptionOf(typeUrl);
            if (!subscription.Requested)
            {
                foreach (var (name, resource) in Held(typeUrl))
                {
                    request.InitialResourceVersions[name] = resource.Version ?? "";
                }
            }

            subscription.Requested = true;
        }

        return WriteAsync(request);
    }
}
