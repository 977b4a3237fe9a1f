using System.Net.Http.Headers;
using ControlPlane.Ir;
using Grpc.Net.Client;

namespace ControlPlane.Enforcement.Tests.Infrastructure;

/// <summary>
/// A gRPC channel that calls the service the way Envoy's gRPC client does (envoy_grpc without <c>authority</c>):
/// <c>:authority</c> is the cluster name with no port, whatever address is dialled; <c>content-type:
/// application/grpc</c> and <c>te: trailers</c> (grpc-dotnet sends both, checked by the service's tests); an Envoy
/// <c>user-agent</c> instead of grpc-dotnet's; one HTTP/2 connection multiplexing all streams, with a large initial
/// stream window (Envoy's is 256 MiB; .NET allows at most 16 MiB) so a big replay is not throttled by the client; no
/// receive limit on the answers (Envoy sets none by default).
/// </summary>
internal static class EnvoyGrpcChannel
{
    public const string UserAgent = "envoy/1.31.2";

    public static GrpcChannel Create(string address, string authority = EnforcementContract.ClusterName) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new EnvoyHeaders(authority)
            {
                InnerHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false, InitialHttp2StreamWindowSize = 16 * 1024 * 1024 },
            },
            MaxReceiveMessageSize = null,
            DisposeHttpClient = true,
        });

    /// <summary>Rewrites what grpc-dotnet puts on each call into what Envoy puts there.</summary>
    private sealed class EnvoyHeaders(string authority) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // SocketsHttpHandler sends the Host header as HTTP/2 :authority.
            request.Headers.Host = authority;
            request.Headers.UserAgent.Clear();
            request.Headers.UserAgent.Add(ProductInfoHeaderValue.Parse(UserAgent));
            if (!request.Headers.TE.Any(t => t.Value == "trailers"))
            {
                request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
