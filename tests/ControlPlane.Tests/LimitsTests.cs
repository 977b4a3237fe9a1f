using System.Globalization;
using System.Text.RegularExpressions;
using ControlPlane.Hosting;
using ControlPlane.Hosting.Limits;
using ControlPlane.Testing;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Envoy.Service.ExtProc.V3;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace ControlPlane.Tests;

/// <summary>
/// Each limit refuses the client over it, alone, and counts it: the other streams of its connection and every other
/// connection go on. The clients are Envoy-like channels, one HTTP/2 connection each.
/// </summary>
public sealed class LimitsTests
{
    private const long RefusedStream = 0x7;

    [Fact]
    public async Task An_xds_connection_over_MaxConnections_is_closed_and_counted_while_the_open_one_serves_on()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await StartAsync(policies, ("ControlPlane:Limits:Xds:MaxConnections", "1"));
        await using var first = await EnvoyLikeClient.ConnectAsync(server.Channel, "public");
        Assert.NotNull(await first.NextAsync(TimeSpan.FromSeconds(10)));

        using var second = EnvoyGrpcChannel.Create(server.Options.XdsPort, EnvoyGrpcChannel.XdsCluster);
        Assert.True(ClosedConnection(await Assert.ThrowsAnyAsync<Exception>(() => FirstResponseAsync(second))));

        Assert.NotNull(await first.NextOfTypeAsync(TypeUrls.Route, TimeSpan.FromSeconds(20)));
        await using var sameConnection = await EnvoyLikeClient.ConnectAsync(server.Channel, "public");
        Assert.NotNull(await sameConnection.NextAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await RefusedAsync(server, "xds", "connections") >= 1);
        Assert.Equal(0, await RefusedAsync(server, "extproc", "connections"));
    }

    [Fact]
    public async Task An_ext_proc_connection_over_MaxConnections_is_closed_and_counted_while_the_open_one_serves_on()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await StartAsync(policies, ("ControlPlane:Limits:ExtProc:MaxConnections", "1"));
        using var first = server.EnforcementChannel();
        Assert.Equal(ProcessingResponse.ResponseOneofCase.ImmediateResponse, (await KeylessPostAsync(first)).ResponseCase);

        using var second = server.EnforcementChannel();
        Assert.True(ClosedConnection(await Assert.ThrowsAnyAsync<Exception>(() => KeylessPostAsync(second))));

        Assert.Equal(ProcessingResponse.ResponseOneofCase.ImmediateResponse, (await KeylessPostAsync(first)).ResponseCase);
        Assert.True(await RefusedAsync(server, "extproc", "connections") >= 1);
    }

    [Fact]
    public async Task A_stream_over_MaxStreamsPerConnection_is_refused_and_counted_while_its_connections_other_streams_and_other_connections_serve_on()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();

        // ext_proc keeps its default, so HTTP/2 advertises 1000 and the xDS listener's own limit of 2 is what refuses.
        await using var server = await StartAsync(policies, ("ControlPlane:Limits:Xds:MaxStreamsPerConnection", "2"));
        await using var one = await EnvoyLikeClient.ConnectAsync(server.Channel, "public");
        await using var two = await EnvoyLikeClient.ConnectAsync(server.Channel, "public");
        Assert.NotNull(await one.NextAsync(TimeSpan.FromSeconds(10)));
        Assert.NotNull(await two.NextAsync(TimeSpan.FromSeconds(10)));

        // Refused by HTTP/2 itself: grpc-dotnet surfaces the reset as it comes, on the write or inside the call's status.
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => FirstResponseAsync(server.Channel));
        Assert.Equal(RefusedStream, Http2ErrorCode(refused));

        Assert.NotNull(await one.NextOfTypeAsync(TypeUrls.Route, TimeSpan.FromSeconds(20)));
        Assert.NotNull(await two.NextOfTypeAsync(TypeUrls.Route, TimeSpan.FromSeconds(20)));
        using var other = EnvoyGrpcChannel.Create(server.Options.XdsPort, EnvoyGrpcChannel.XdsCluster);
        Assert.Equal(TypeUrls.Cluster, (await FirstResponseAsync(other)).TypeUrl);
        Assert.True(await RefusedAsync(server, "xds", "streams_per_connection") >= 1);
    }

    [Fact]
    public async Task Streams_over_MaxRequestsPerSecondPerConnection_end_with_RESOURCE_EXHAUSTED_and_are_counted_while_other_connections_serve_on()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await StartAsync(policies, ("ControlPlane:Limits:Xds:MaxRequestsPerSecondPerConnection", "2"));

        // Ten streams in quick succession on one connection: the first takes the bucket's two tokens (its call and its
        // request), the rest (bar a refill) are refused.
        var refused = 0;
        for (var i = 0; i < 10; i++)
        {
            try
            {
                await FirstResponseAsync(server.Channel);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                Assert.Contains("MaxRequestsPerSecondPerConnection", e.Status.Detail, StringComparison.Ordinal);
                refused++;
            }
        }

        Assert.InRange(refused, 1, 9);
        using var other = EnvoyGrpcChannel.Create(server.Options.XdsPort, EnvoyGrpcChannel.XdsCluster);
        Assert.Equal(TypeUrls.Cluster, (await FirstResponseAsync(other)).TypeUrl);
        Assert.Equal(refused, await RefusedAsync(server, "xds", "requests_per_second"));
    }

    [Fact]
    public async Task A_stream_flooding_discovery_requests_ends_with_RESOURCE_EXHAUSTED_and_is_counted_while_other_connections_serve_on()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await StartAsync(policies, ("ControlPlane:Limits:Xds:MaxRequestsPerSecondPerConnection", "5"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var flood = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(server.Channel).StreamAggregatedResources(cancellationToken: timeout.Token);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await WriteAsync(flood.RequestStream, new DiscoveryRequest { Node = i == 0 ? new Node { Id = "flood", Cluster = "public" } : null, TypeUrl = TypeUrls.Cluster });
            }

            while (await flood.ResponseStream.MoveNext(timeout.Token))
            {
            }
        });

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("MaxRequestsPerSecondPerConnection", error.Status.Detail, StringComparison.Ordinal);
        using var other = EnvoyGrpcChannel.Create(server.Options.XdsPort, EnvoyGrpcChannel.XdsCluster);
        Assert.Equal(TypeUrls.Cluster, (await FirstResponseAsync(other)).TypeUrl);
        Assert.Equal(1, await RefusedAsync(server, "xds", "requests_per_second"));
        Assert.Equal(0, await MetricAsync(server, "xds_bad_requests_total"));
    }

    [Fact]
    public async Task A_discovery_request_over_MaxRequestBytes_ends_its_stream_and_is_counted_while_other_streams_serve_on()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await StartAsync(policies, ("ControlPlane:Xds:MaxRequestBytes", "1024"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var oversized = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(server.Channel).StreamAggregatedResources(cancellationToken: timeout.Token);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            var request = new DiscoveryRequest { Node = new Node { Id = "big", Cluster = "public" }, TypeUrl = TypeUrls.Cluster };
            request.ResourceNames.Add(new string('x', 2048));
            await WriteAsync(oversized.RequestStream, request);
            await oversized.ResponseStream.MoveNext(timeout.Token);
        });

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(TypeUrls.Cluster, (await FirstResponseAsync(server.Channel)).TypeUrl);
        Assert.Equal(1, await RefusedAsync(server, "xds", "request_size"));
        Assert.Equal(0, await RefusedAsync(server, "xds", "requests_per_second"));
    }

    [Fact]
    public async Task An_ext_proc_message_over_the_body_limit_ends_its_stream_and_is_counted_while_other_streams_serve_on()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await StartAsync(policies);
        using var channel = server.EnforcementChannel();
        var metadata = new Grpc.Core.Metadata { { "x-idempotency-policy", "create-session" }, { "x-idempotency-route", "create-session" } };
        using var call = new ExternalProcessor.ExternalProcessorClient(channel).Process(metadata);

        // The example policies need at most 1 MiB bodies, so the gRPC message limit is its floor, 4 MiB.
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await WriteAsync(call.RequestStream, new ProcessingRequest { RequestBody = new HttpBody { Body = Google.Protobuf.ByteString.CopyFrom(new byte[5 * 1024 * 1024]) } });
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(ProcessingResponse.ResponseOneofCase.ImmediateResponse, (await KeylessPostAsync(channel)).ResponseCase);
        Assert.Equal(1, await RefusedAsync(server, "extproc", "request_size"));
    }

    [Fact]
    public async Task The_defaults_refuse_nothing_of_a_hundred_Envoys_starting_at_once_on_one_connection()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await StartAsync(policies);

        // As behind an L7 proxy that carries many Envoys' ADS streams on one connection.
        var first = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => FirstResponseAsync(server.Channel)));

        Assert.All(first, r => Assert.Equal(TypeUrls.Cluster, r.TypeUrl));
        foreach (var limit in new[] { "connections", "streams_per_connection", "requests_per_second", "request_size" })
        {
            Assert.Equal(0, await RefusedAsync(server, "xds", limit));
        }
    }

    [Fact]
    public async Task Open_connections_are_counted_per_listener()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await StartAsync(policies);
        await using var envoy = await EnvoyLikeClient.ConnectAsync(server.Channel, "public");
        Assert.NotNull(await envoy.NextAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(1, await MetricAsync(server, "limits_connections_active{listener=\"xds\"}"));
    }

    [Theory]
    [InlineData("ControlPlane:Limits:Xds:MaxConnections", "-1", "ControlPlane:Limits:Xds:MaxConnections must be 0 (no limit) or more (got -1)")]
    [InlineData("ControlPlane:Limits:ExtProc:MaxStreamsPerConnection", "0", "ControlPlane:Limits:ExtProc:MaxStreamsPerConnection must be 1 or more (got 0)")]
    [InlineData("ControlPlane:Limits:Xds:MaxRequestsPerSecondPerConnection", "-5", "ControlPlane:Limits:Xds:MaxRequestsPerSecondPerConnection must be 0 (no limit) or more (got -5)")]
    public void Bad_limits_are_refused_before_anything_listens(string key, string value, string message)
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        var refused = Assert.Throws<OptionsValidationException>(() => ServerHost.Build(new Dictionary<string, string?>
        {
            ["ControlPlane:Policies"] = policies.Root,
            ["ControlPlane:XdsPort"] = "0",
            ["ControlPlane:ExtProcPort"] = "0",
            ["ControlPlane:AdminPort"] = "0",
            ["ControlPlane:DebugPort"] = "0",
            [key] = value,
        }));
        Assert.Contains(message, refused.Failures);
    }

    [Fact]
    public void Http2_advertises_the_largest_stream_limit_of_the_served_listeners()
    {
        var defaults = new ServeOptions();
        Assert.Equal(1000, ConnectionLimits.AdvertisedStreamsPerConnection(defaults));

        var lowXds = new ServeOptions { Limits = { Xds = { MaxStreamsPerConnection = 5 } } };
        Assert.Equal(1000, ConnectionLimits.AdvertisedStreamsPerConnection(lowXds));

        lowXds.Role = ServerRole.Xds;
        Assert.Equal(5, ConnectionLimits.AdvertisedStreamsPerConnection(lowXds));
    }

    private static Task<RunningServer> StartAsync(PolicyDirectory policies, params (string Key, string Value)[] settings) =>
        RunningServer.StartAsync(policies.Root, settings: settings.ToDictionary(s => s.Key, s => (string?)s.Value));

    /// <summary>Opens an ADS stream as Envoy does and returns its first response; the stream ends with the call.</summary>
    private static async Task<DiscoveryResponse> FirstResponseAsync(GrpcChannel channel)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var stream = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(channel).StreamAggregatedResources(cancellationToken: timeout.Token);

        await WriteAsync(stream.RequestStream, new DiscoveryRequest { Node = new Node { Id = "limits-test", Cluster = "public" }, TypeUrl = TypeUrls.Cluster });
        Assert.True(await stream.ResponseStream.MoveNext(timeout.Token));
        return stream.ResponseStream.Current;
    }

    /// <summary>
    /// A connection closed at accept, however grpc-dotnet reports it: as it comes (the write) or inside the call's
    /// status (the read), an I/O error either way.
    /// </summary>
    private static bool ClosedConnection(Exception? error) => error switch
    {
        null => false,
        IOException => true,
        RpcException rpc => rpc.StatusCode == StatusCode.Unavailable || ClosedConnection(rpc.Status.DebugException),
        _ => ClosedConnection(error.InnerException),
    };

    private static long? Http2ErrorCode(Exception? error) => error switch
    {
        null => null,
        HttpProtocolException protocol => protocol.ErrorCode,
        RpcException rpc => Http2ErrorCode(rpc.Status.DebugException ?? rpc.InnerException),
        _ => Http2ErrorCode(error.InnerException),
    };

    /// <summary>A write the server's refusal may overtake: the write then reports only that it was cut off, the read why.</summary>
    private static async Task WriteAsync<T>(IClientStreamWriter<T> writer, T message)
    {
        try
        {
            await writer.WriteAsync(message);
        }
        catch (RpcException)
        {
        }
    }

    private static Task<ProcessingResponse> KeylessPostAsync(GrpcChannel channel) =>
        ServeEnforcementTests.SendHeadersAsync(channel, "create-session", ("x-tenant-id", "t1"));

    private static Task<double> RefusedAsync(RunningServer server, string listener, string limit) =>
        MetricAsync(server, $"limits_refused_total{{limit=\"{limit}\",listener=\"{listener}\"}}");

    /// <summary>A series' value on /metrics; 0 when it was never recorded.</summary>
    private static async Task<double> MetricAsync(RunningServer server, string series)
    {
        using var debug = server.DebugClient();
        var match = Regex.Match(await debug.GetStringAsync("/metrics"), "^" + Regex.Escape(series) + " (\\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
