using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;

namespace ControlPlane.Testing;

/// <summary>
/// A gRPC channel that talks as Envoy's own gRPC client (<c>envoy_grpc</c> without <c>authority</c>) does. Shared by
/// every test project that plays Envoy, so all of them send the same bytes:
/// <list type="bullet">
/// <item><c>:authority</c> is the cluster name with no port, whatever address is dialled (the bug this exists for:
/// a client that sends <c>127.0.0.1:PORT</c> hides a server that routes by Host);</item>
/// <item><c>te: trailers</c> and <c>content-type: application/grpc</c> (grpc-dotnet sends both); an Envoy
/// <c>user-agent</c> and no <c>grpc-accept-encoding</c> (Envoy does not negotiate compression);</item>
/// <item>TCP_NODELAY; the bootstrap's HTTP/2 keepalive (PING every 30 s, 5 s timeout); a new HTTP/2 connection only
/// when the server's stream limit is reached, as Envoy's connection pool does; no message size limits;</item>
/// <item>an initial stream window of 16 MiB, the most SocketsHttpHandler accepts (Envoy's is 256 MiB).</item>
/// </list>
/// </summary>
internal static class EnvoyGrpcChannel
{
    /// <summary>The xDS cluster's name in the bootstrap that <c>bootstrap</c> generates (BootstrapGenerator.XdsClusterName).</summary>
    public const string XdsCluster = "xds-control-plane";

    /// <summary>The enforcement cluster's name in the translated resources (EnforcementContract.ClusterName).</summary>
    public const string EnforcementCluster = "idempotency-enforcement";

    public const string UserAgent = "envoy/1.31.2 (linux; x86_64)";

    /// <param name="dial">Where the connection goes: the server, or a forwarder in front of it.</param>
    /// <param name="authority">The <c>:authority</c> sent; any value, since Envoy's is whatever its config names.</param>
    /// <param name="tls">TLS as the bootstrap's <c>UpstreamTlsContext</c> configures it; null for h2c.</param>
    public static GrpcChannel Create(IPEndPoint dial, string authority, EnvoyTls? tls = null) =>
        GrpcChannel.ForAddress(new Uri($"{(tls is null ? "http" : "https")}://{authority}"), new GrpcChannelOptions
        {
            HttpHandler = new EnvoyHeaders
            {
                InnerHandler = new SocketsHttpHandler
                {
                    EnableMultipleHttp2Connections = true,
                    ConnectCallback = (_, cancellationToken) => ConnectAsync(dial, cancellationToken),
                    KeepAlivePingDelay = TimeSpan.FromSeconds(30),
                    KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
                    KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
                    InitialHttp2StreamWindowSize = 16 * 1024 * 1024,
                    SslOptions = tls?.ClientOptions(authority) ?? new(),
                },
            },
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
            DisposeHttpClient = true,
        });

    /// <summary>A channel to a loopback port.</summary>
    public static GrpcChannel Create(int port, string authority, EnvoyTls? tls = null) => Create(new IPEndPoint(IPAddress.Loopback, port), authority, tls);

    private static async ValueTask<Stream> ConnectAsync(IPEndPoint dial, CancellationToken cancellationToken)
    {
        var socket = new Socket(dial.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(dial, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Replaces what grpc-dotnet adds of its own with what Envoy sends.</summary>
    private sealed class EnvoyHeaders : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Remove("User-Agent");
            request.Headers.TryAddWithoutValidation("user-agent", UserAgent);
            request.Headers.Remove("grpc-accept-encoding");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
