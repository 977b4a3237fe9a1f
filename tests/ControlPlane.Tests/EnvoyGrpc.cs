using Grpc.Net.Client;

namespace ControlPlane.Tests;

/// <summary>
/// Channels that call our gRPC services the way Envoy's own gRPC client does: <c>:authority</c> is the cluster
/// name with no port (GrpcService.EnvoyGrpc.authority unset), the user agent is Envoy's, HTTP/2 with prior
/// knowledge. Grpc.Net.Client already sends <c>content-type: application/grpc</c> and <c>te: trailers</c>.
/// </summary>
internal static class EnvoyGrpc
{
    /// <summary>The xDS cluster's name in the bootstrap that <c>bootstrap</c> generates.</summary>
    public const string XdsCluster = "xds-control-plane";

    /// <summary>The enforcement cluster's name in the resources the translator generates.</summary>
    public const string EnforcementCluster = "idempotency-enforcement";

    public static GrpcChannel Channel(int port, string clusterName) =>
        GrpcChannel.ForAddress($"http://127.0.0.1:{port}", new GrpcChannelOptions
        {
            HttpHandler = new AsEnvoy(clusterName) { InnerHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false } },
        });

    private sealed class AsEnvoy(string authority) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Host = authority;
            request.Headers.UserAgent.Clear();
            request.Headers.TryAddWithoutValidation("user-agent", "envoy/1.31.0");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
