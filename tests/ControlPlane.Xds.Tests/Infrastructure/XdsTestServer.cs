using System.Net;
using ControlPlane.Xds.Cache;
using ControlPlane.Xds.Status;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ControlPlane.Testing;

namespace ControlPlane.Xds.Tests.Infrastructure;

/// <summary>The xDS server on real Kestrel (loopback, HTTP/2 cleartext, ephemeral port), as the host runs it.</summary>
internal sealed class XdsTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<GrpcChannel> _channels = [];

    private XdsTestServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Channel = OpenChannel();
    }

    public Uri Address { get; }

    /// <summary>A shared channel; streams on it share HTTP/2 connections, like a client multiplexing.</summary>
    public GrpcChannel Channel { get; }

    public IServiceProvider Services => _app.Services;

    public ISnapshotCache Cache => Services.GetRequiredService<ISnapshotCache>();

    public NodeStatusRegistry Nodes => Services.GetRequiredService<NodeStatusRegistry>();

    public static async Task<XdsTestServer> StartAsync(Action<XdsServerOptions>? configure = null, Action<IServiceCollection>? addServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            XdsKestrel.ConfigureServer(kestrel);
            XdsKestrel.ListenXds(kestrel, IPAddress.Loopback, 0);
        });

        // Long enough that a stream the server fails to end would show up as a hang, not as a forced abort.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromMinutes(2));
        builder.Services.AddXdsServer(configure);
        addServices?.Invoke(builder.Services);

        var app = builder.Build();
        // As the host maps them: no host or port restriction, since Envoy's :authority is the cluster name.
        app.MapXdsServices();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new XdsTestServer(app, new Uri(address));
    }

    /// <summary>Where the server listens.</summary>
    public IPEndPoint EndPoint => new(IPAddress.Loopback, Address.Port);

    /// <summary>
    /// A separate channel, as Envoy's gRPC client connects (<see cref="EnvoyGrpcChannel"/>): <c>:authority</c> the xDS cluster's
    /// name unless given, enough HTTP/2 connections for any number of streams; <paramref name="dial"/> to go through a forwarder.
    /// </summary>
    public GrpcChannel OpenChannel(string authority = EnvoyGrpcChannel.XdsCluster, IPEndPoint? dial = null)
    {
        var channel = EnvoyGrpcChannel.Create(dial ?? EndPoint, authority);
        lock (_channels)
        {
            _channels.Add(channel);
        }

        return channel;
    }

    public XdsSnapshot Publish(string group, XdsSnapshot snapshot)
    {
        var result = Cache.Publish(group, snapshot);
        Assert.True(result.Outcome == PublishOutcome.Published, $"expected publish, got {result.Outcome}: {string.Join("; ", result.Errors)}");
        return snapshot;
    }

    /// <summary>
    /// What the server knows the newest stream of a node holds of one type (SYNCED, STALE, ERROR...), or null before
    /// anything was sent. The newest: a stream the client just closed may still be listed until the server sees it end.
    /// </summary>
    public TypeSyncStatus? StatusOf(string nodeId, string typeUrl) =>
        StreamsOf(nodeId).LastOrDefault()?.Types.SingleOrDefault(t => t.Type == ResourceTypes.ShortName(typeUrl));

    /// <summary>The open streams of a node id, oldest first.</summary>
    public IReadOnlyList<StreamSyncStatus> StreamsOf(string nodeId) => [.. Nodes.Snapshot().Where(n => n.NodeId == nodeId).OrderBy(n => n.StreamId)];

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        lock (_channels)
        {
            foreach (var channel in _channels)
            {
                channel.Dispose();
            }
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
