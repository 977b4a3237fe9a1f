using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;

namespace ControlPlane.Translation.Common;

/// <summary>Small Envoy building blocks used by several translators.</summary>
internal static class ProtoValues
{
    public static Duration Duration(TimeSpan value) => Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(value);

    /// <summary>"Ask the ADS stream for it", in the v3 resource version; every dynamic reference uses this.</summary>
    public static ConfigSource AdsConfigSource() => new()
    {
        Ads = new AggregatedConfigSource(),
        ResourceApiVersion = ApiVersion.V3,
    };

    /// <summary>A TCP socket address; IPv6 literals lose their brackets, which Envoy does not accept.</summary>
    public static Address SocketAddress(string host, int port) => new()
    {
        SocketAddress = new SocketAddress
        {
            Address = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host,
            PortValue = checked((uint)port),
        },
    };
}
