using System.Threading.Channels;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Grpc.Core;
using Grpc.Net.Client;

namespace ControlPlane.Tests;

/// <summary>
/// A SotW ADS stream that behaves like Envoy: node on the first request, wildcard CDS, then EDS for its clusters,
/// LDS once clusters are warm, RDS for the listeners' route configurations; ACK of every response with its version and nonce. Responses are queued for the test to inspect.
/// </summary>
internal sealed class EnvoyLikeClient : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<DiscoveryRequest, DiscoveryResponse> _call;
    private readonly Channel<DiscoveryResponse> _responses = Channel.CreateUnbounded<DiscoveryResponse>();
    private readonly Task _reader;
    private readonly Node _node;
    private readonly Dictionary<string, List<string>> _subscriptions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nonces = new(StringComparer.Ordinal);

    private EnvoyLikeClient(GrpcChannel channel, Node node)
    {
        _node = node;
        _call = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(channel).StreamAggregatedResources();
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>Last version seen per type, as Envoy would remember it across reconnects.</summary>
    public Dictionary<string, string> Versions { get; } = new(StringComparer.Ordinal);

    /// <summary>Opens a stream; with <paramref name="previous"/>, resumes like a reconnecting Envoy that states what it holds.</summary>
    public static async Task<EnvoyLikeClient> ConnectAsync(GrpcChannel channel, string gateway, EnvoyLikeClient? previous = null)
    {
        var client = new EnvoyLikeClient(channel, new Node { Id = gateway + "-test-node", Cluster = gateway });
        var first = true;
        foreach (var type in new[] { TypeUrls.Cluster, TypeUrls.Endpoint, TypeUrls.Listener, TypeUrls.Route })
        {
            // Fresh, Envoy asks for clusters only and for listeners once its clusters are warm; resuming, it restates everything.
            if (type != TypeUrls.Cluster && previous?._subscriptions.ContainsKey(type) != true)
            {
                continue;
            }

            if (previous is not null)
            {
                client.Versions[type] = previous.Versions.GetValueOrDefault(type, "");
                client._subscriptions[type] = [.. previous._subscriptions.GetValueOrDefault(type, [])];
            }

            var request = client.Request(type, client.Versions.GetValueOrDefault(type, ""), "");
            if (first)
            {
                request.Node = client._node;
                first = false;
            }

            await client._call.RequestStream.WriteAsync(request);
        }

        return client;
    }

    /// <summary>The next response, ACKed; null when none arrives within <paramref name="wait"/>.</summary>
    public async Task<DiscoveryResponse?> NextAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        DiscoveryResponse response;
        try
        {
            response = await _responses.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        Versions[response.TypeUrl] = response.VersionInfo;
        await _call.RequestStream.WriteAsync(Request(response.TypeUrl, response.VersionInfo, response.Nonce));

        // Like Envoy: clusters lead to EDS requests for their endpoints, listeners to RDS requests for their routes.
        var (dependent, names) = response.TypeUrl switch
        {
            TypeUrls.Cluster => (TypeUrls.Endpoint, response.Resources.Select(r => r.Unpack<Envoy.Config.Cluster.V3.Cluster>())
                .Where(c => c.Type == Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.Eds).Select(c => c.Name).ToList()),
            TypeUrls.Listener => (TypeUrls.Route, RouteNames(response).ToList()),
            _ => (null, []),
        };
        if (dependent is not null && !names.Order().SequenceEqual(_subscriptions.GetValueOrDefault(dependent, []).Order()))
        {
            _subscriptions[dependent] = names;
            await _call.RequestStream.WriteAsync(Request(dependent, Versions.GetValueOrDefault(dependent, ""), _nonces.GetValueOrDefault(dependent, "")));
        }

        _nonces[response.TypeUrl] = response.Nonce;
        var clustersWarm = response.TypeUrl == TypeUrls.Endpoint || (response.TypeUrl == TypeUrls.Cluster && names.Count == 0);
        if (clustersWarm && !_subscriptions.ContainsKey(TypeUrls.Listener))
        {
            _subscriptions[TypeUrls.Listener] = [];
            await _call.RequestStream.WriteAsync(Request(TypeUrls.Listener, "", ""));
        }

        return response;
    }

    private DiscoveryRequest Request(string typeUrl, string version, string nonce)
    {
        var request = new DiscoveryRequest { TypeUrl = typeUrl, VersionInfo = version, ResponseNonce = nonce };
        request.ResourceNames.AddRange(_subscriptions.GetValueOrDefault(typeUrl, []));
        return request;
    }

    /// <summary>Reads responses until one of <paramref name="typeUrl"/> arrives.</summary>
    public async Task<DiscoveryResponse> NextOfTypeAsync(string typeUrl, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < deadline)
        {
            var response = await NextAsync(deadline - DateTime.UtcNow);
            if (response?.TypeUrl == typeUrl)
            {
                return response;
            }
        }

        throw new TimeoutException($"no {typeUrl} response within {wait}");
    }

    /// <summary>
    /// Reads (bounded) until every type has arrived, as an Envoy warming up would, then drains what follows until the
    /// stream is quiet. Waiting for the types rather than for silence keeps a slow machine from cutting the config short.
    /// </summary>
    public async Task<List<DiscoveryResponse>> ReceiveConfigAsync(TimeSpan quiet)
    {
        var received = new List<DiscoveryResponse>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var types = new[] { TypeUrls.Cluster, TypeUrls.Endpoint, TypeUrls.Listener, TypeUrls.Route };
        while (!types.All(t => received.Exists(r => r.TypeUrl == t)))
        {
            var remaining = deadline - DateTime.UtcNow;
            var response = remaining > TimeSpan.Zero ? await NextAsync(remaining) : null;
            received.Add(response ?? throw new TimeoutException("the full config did not arrive within 20 s"));
        }

        received.AddRange(await DrainAsync(quiet));
        return received;
    }

    /// <summary>Drains and ACKs everything until the stream has been quiet for <paramref name="quiet"/>.</summary>
    public async Task<List<DiscoveryResponse>> DrainAsync(TimeSpan quiet)
    {
        var all = new List<DiscoveryResponse>();
        while (await NextAsync(quiet) is { } response)
        {
            all.Add(response);
        }

        return all;
    }

    public async ValueTask DisposeAsync()
    {
        await _call.RequestStream.CompleteAsync();
        _call.Dispose();
        try
        {
            await _reader;
        }
        catch (RpcException)
        {
        }
    }

    private static IEnumerable<string> RouteNames(DiscoveryResponse listeners) =>
        listeners.Resources
            .Select(r => r.Unpack<Envoy.Config.Listener.V3.Listener>())
            .SelectMany(l => l.FilterChains.SelectMany(c => c.Filters))
            .Select(f => f.TypedConfig.Unpack<Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager>())
            .Select(m => m.Rds.RouteConfigName)
            .Distinct();

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var response in _call.ResponseStream.ReadAllAsync())
            {
                await _responses.Writer.WriteAsync(response);
            }
        }
        finally
        {
            _responses.Writer.TryComplete();
        }
    }
}

internal static class TypeUrls
{
    public const string Cluster = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
    public const string Endpoint = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
    public const string Listener = "type.googleapis.com/envoy.config.listener.v3.Listener";
    public const string Route = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
}
