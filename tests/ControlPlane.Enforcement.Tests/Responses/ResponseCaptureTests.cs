using System.Text;
using ControlPlane.Enforcement.Responses;
using ControlPlane.Enforcement.Tests.Infrastructure;

namespace ControlPlane.Enforcement.Tests.Responses;

public sealed class ResponseCaptureTests
{
    [Fact]
    public void Keeps_end_to_end_headers_in_order_and_drops_what_cannot_or_must_not_be_replayed()
    {
        var headers = Headers.View(
            (":status", "201"),
            ("content-type", "application/json"),
            ("connection", "keep-alive, x-hop"),
            ("keep-alive", "timeout=5"),
            ("transfer-encoding", "chunked"),
            ("te", "trailers"),
            ("trailer", "x-checksum"),
            ("upgrade", "h2c"),
            ("proxy-authenticate", "Basic"),
            ("proxy-connection", "close"),
            ("content-length", "2"),
            ("host", "api"),
            ("x-envoy-upstream-service-time", "4"),
            ("x-hop", "named by connection"),
            ("Idempotent-Replayed", "spoofed"),
            ("set-cookie", "a=1"),
            ("set-cookie", "b=2"),
            ("location", "/x"));

        var stored = ResponseCapture.Capture(headers, "{}"u8.ToArray(), "idempotent-replayed");

        Assert.Equal(201, stored.Status);
        Assert.Equal(["content-type", "set-cookie", "set-cookie", "location"], stored.Headers.Select(h => h.Name));
        Assert.Equal("b=2", Encoding.Latin1.GetString(stored.Headers[2].Value));
    }

    [Fact]
    public void Header_values_keep_their_raw_octets()
    {
        var stored = ResponseCapture.Capture(Headers.View((":status", "200"), ("x-name", "caf\u00e9")), [], "r");

        Assert.Equal(new byte[] { (byte)'c', (byte)'a', (byte)'f', 0xE9 }, stored.Headers.Single().Value);
    }
}
