using ControlPlane.Translation.Bootstrap;
using ControlPlane.Translation.Common;
using ControlPlane.Translation.ConfigDump;
using Envoy.Config.Core.V3;
using static Envoy.Config.Core.V3.ApiConfigSource.Types;
using BootstrapConfig = Envoy.Config.Bootstrap.V3.Bootstrap;

namespace ControlPlane.Translation;

/// <summary>
/// Envoy's bootstrap for one gateway: identify as the gateway (<c>node.cluster</c>), fetch everything over ADS from
/// the control plane, and keep the admin interface on loopback.
/// </summary>
public static class BootstrapGenerator
{
    /// <summary>The static cluster pointing at the control plane; dynamic clusters are gateway-prefixed and never clash.</summary>
    public const string XdsClusterName = "xds-control-plane";

    /// <exception cref="FormatException">An address is not <c>HOST:PORT</c>.</exception>
    public static BootstrapConfig Generate(BootstrapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.GatewayName);
        var xds = HostPort.Parse(options.XdsAddress, "xDS address");
        var admin = HostPort.Parse(options.AdminAddress, "admin address");

        return new BootstrapConfig
        {
            Node = new Node
            {
                Id = options.NodeId ?? "",
                Cluster = options.GatewayName,
            },
            DynamicResources = new BootstrapConfig.Types.DynamicResources
            {
                AdsConfig = new ApiConfigSource
                {
                    ApiType = options.UseSotw ? ApiType.Grpc : ApiType.DeltaGrpc,
                    TransportApiVersion = ApiVersion.V3,
                    GrpcServices =
                    {
                        new GrpcService { EnvoyGrpc = new GrpcService.Types.EnvoyGrpc { ClusterName = XdsClusterName } },
                    },
                    // The node is large; the server remembers it per stream.
                    SetNodeOnFirstMessageOnly = true,
                },
                CdsConfig = ProtoValues.AdsConfigSource(),
                LdsConfig = ProtoValues.AdsConfigSource(),
            },
            StaticResources = new BootstrapConfig.Types.StaticResources
            {
                Clusters = { XdsCluster.Build(XdsClusterName, xds, options.XdsConnectTimeout, options.XdsTls) },
            },
            Admin = new Envoy.Config.Bootstrap.V3.Admin { Address = ProtoValues.SocketAddress(admin.Host, admin.Port) },
        };
    }

    /// <summary>The bootstrap as YAML or JSON (Envoy's <c>-c</c> accepts both).</summary>
    public static string Render(BootstrapOptions options, ConfigFormat format) =>
        EnvoyJson.Render(EnvoyJson.ToNode(Generate(options), withType: false), format);
}
