using ControlPlane.Ir;
using ControlPlane.Policy.Diagnostics;
using ControlPlane.Policy.Model;

namespace ControlPlane.Policy.Reading;

/// <summary>Reads the spec of a Gateway document.</summary>
internal static class GatewayReader
{
    public static GatewayModel Read(string name, SourceRef nameAt, MappingReader spec)
    {
        var enforcement = spec.Object("enforcement");
        return new GatewayModel(
            name,
            nameAt,
            [.. spec.Objects("listeners").Select(ReadListener)],
            ReadRequestId(spec.Object("requestId")),
            [.. spec.Objects("upstreams").Select(ReadUpstream)],
            [.. spec.Objects("routes").Select(RouteReader.Read)],
            ReadEnforcement(enforcement),
            enforcement.Where("maxMessageTimeout"),
            Clean: false);
    }

    private static ListenerModel ReadListener(MappingReader listener) => new(
        listener.String("name") ?? "",
        listener.Where("name"),
        listener.String("address")!,
        (int)listener.Integer("port").GetValueOrDefault(),
        listener.Where("port"),
        (uint?)listener.ByteSize("perConnectionBufferLimitBytes"));

    private static RequestIdIr ReadRequestId(MappingReader requestId) => new(
        requestId.Boolean("generate").GetValueOrDefault(),
        requestId.Boolean("preserveExternal").GetValueOrDefault(),
        requestId.Boolean("returnInResponse").GetValueOrDefault());

    private static UpstreamModel ReadUpstream(MappingReader upstream) => new(
        upstream.String("name") ?? "",
        upstream.Where("name"),
        [.. upstream.List<EndpointIr>("addresses").Select(a => a.Value)],
        upstream.Duration("connectTimeout").GetValueOrDefault(),
        upstream.String("protocol") == "http2");

    private static EnforcementServiceIr ReadEnforcement(MappingReader enforcement)
    {
        var endpoints = enforcement.Has("addresses")
            ? [.. enforcement.List<EndpointIr>("addresses").Select(a => a.Value)]
            : enforcement.Endpoint("address") is { } endpoint ? [endpoint] : System.Collections.Immutable.ImmutableArray<EndpointIr>.Empty;
        return new EnforcementServiceIr(
            endpoints,
            enforcement.Duration("connectTimeout").GetValueOrDefault(),
            enforcement.Duration("messageTimeout").GetValueOrDefault(),
            enforcement.Duration("maxMessageTimeout").GetValueOrDefault(),
            enforcement.Has("tls") ? ReadTls(enforcement.Object("tls")) : null);
    }

    private static UpstreamTlsIr ReadTls(MappingReader tls)
    {
        if (tls.Has("certFile") != tls.Has("keyFile"))
        {
            tls.Report(tls.Has("certFile") ? "certFile" : "keyFile", "certFile and keyFile go together");
        }

        return new UpstreamTlsIr(
            tls.String("caFile") ?? "",
            tls.String("certFile"),
            tls.String("keyFile"),
            tls.String("sdsPath"),
            tls.String("sni"),
            [.. tls.List<string>("subjectAltNames").Select(s => s.Value)]);
    }
}
