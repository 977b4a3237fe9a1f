using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;

namespace ControlPlane.Xds.Tests.Infrastructure;

/// <summary>
/// A gRPC channel that talks as Envoy's own gRPC client (<c>envoy_grpc</c>) does to the bootstrap's xDS cluster: the
/// <c>:authority</c> is the cluster name with no port, whatever address is dialled; <c>te: trailers</c> and
/// <c>content-type: application/grpc</c>; an Envoy user-agent and no <c>grpc-accept-encoding</c> (Envoy does not
/// negotiate compression); TCP_NODELAY; the bootstrap's HTTP/2 keepalive (PING every 30 s, 5 s timeout); no limit on
/// message sizes.
/// </summary>
internal static class EnvoyChannel
{
    /// <summary>The name the generated bootstrap gives the xDS cluster (BootstrapGenerator.XdsClusterName).</summary>
    public const string ClusterName = "xds-control-plane";

    public const string UserAgent = "envoy/1.31.2 (linux; x86_64)";

    /// <param name="dial">Where the connection goes: the server, or a forwarder in front of it.</param>
    /// <param name="authority">The <c>:authority</c> sent; any value, since Envoy's is whatever its config names.</param>
    public static GrpcChannel Create(IPEndPoint dial, string authority = ClusterName) =>
        GrpcChannel.ForAddress(new Uri($"http://{authority}"), new GrpcChannelOptions
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
                    // Envoy's default is 256 MiB; 16 MiB is the most SocketsHttpHandler accepts.
                    InitialHttp2StreamWindowSize = 16 * 1024 * 1024,
                },
            },
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
        });

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
