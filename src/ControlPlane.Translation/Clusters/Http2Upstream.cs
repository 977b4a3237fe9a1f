using Envoy.Config.Cluster.V3;
using Google.Protobuf.WellKnownTypes;
using CoreHttp2ProtocolOptions = Envoy.Config.Core.V3.Http2ProtocolOptions;
using UpstreamHttpProtocolOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;

namespace ControlPlane.Translation.Clusters;

/// <summary>
/// Makes a cluster speak HTTP/2 to its endpoints. Without this extension entry Envoy silently uses HTTP/1.1, and gRPC
/// (ext_proc, xDS) fails.
/// </summary>
internal static class Http2Upstream
{
    public const string ExtensionName = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

    public static void Apply(Cluster cluster, CoreHttp2ProtocolOptions? options = null)
    {
        var protocolOptions = new UpstreamHttpProtocolOptions
        {
            ExplicitHttpConfig = new UpstreamHttpProtocolOptions.Types.ExplicitHttpConfig
            {
                Http2ProtocolOptions = options ?? new CoreHttp2ProtocolOptions(),
            },
        };
        cluster.TypedExtensionProtocolOptions.Add(ExtensionName, Any.Pack(protocolOptions));
    }
}
