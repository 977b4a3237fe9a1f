using System.Globalization;
using System.Text;

namespace ControlPlane.Enforcement.Tests.Infrastructure;

/// <summary>The HTTP request a fake Envoy forwards to the service, as Envoy would describe it.</summary>
internal sealed record HttpRequestSpec(string Method, string Path, (string Name, string Value)[] Headers, byte[] Body)
{
    public static HttpRequestSpec Post(string? key, string body = "{\"amount\":10}", string? tenant = "t1", string path = "/payments", string method = "POST")
    {
        var headers = new List<(string, string)> { ("content-type", "application/json") };
        if (key is not null)
        {
            headers.Add(("idempotency-key", key));
        }

        if (tenant is not null)
        {
            headers.Add(("x-tenant-id", tenant));
        }

        return new HttpRequestSpec(method, path, [.. headers], Encoding.UTF8.GetBytes(body));
    }

    /// <summary>Pseudo-headers first, then the request's own, and content-length when there is a body.</summary>
    public (string Name, string Value)[] EnvoyHeaders()
    {
        var all = new List<(string, string)> { (":method", Method), (":path", Path), (":authority", "api.example.com"), (":scheme", "http") };
        all.AddRange(Headers);
        if (Body.Length > 0)
        {
            all.Add(("content-length", Body.Length.ToString(CultureInfo.InvariantCulture)));
        }

        return [.. all];
    }
}
