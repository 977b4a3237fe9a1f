using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ControlPlane.Xds;

/// <summary>
/// How Kestrel serves xDS. The host and the xDS benchmark both use it, so the benchmark measures what ships.
/// Measured with the xDS benchmark and left at Kestrel's defaults: inline socket scheduling, HTTP/2 window, frame
/// and header-table limits and response header compression changed neither the push latency nor the
/// memory of an idle stream beyond run-to-run noise, and most are server-wide, so they would reach ext_proc too.
/// </summary>
public static class XdsKestrel
{
    /// <summary>Server-wide settings; only ones that cost the other endpoints of the process (ext_proc, admin) nothing.</summary>
    public static void ConfigureServer(KestrelServerOptions kestrel)
    {
        // Envoy has no use for it: one header less to encode on every stream and to keep in every connection's HPACK table.
        kestrel.AddServerHeader = false;
    }

    /// <summary>The xDS endpoint: HTTP/2 without TLS (Envoy's gRPC client connects with prior knowledge).</summary>
    public static void ListenXds(KestrelServerOptions kestrel, IPAddress address, int port, Action<ListenOptions>? configure = null) =>
        kestrel.Listen(address, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            configure?.Invoke(listen);
        });
}
