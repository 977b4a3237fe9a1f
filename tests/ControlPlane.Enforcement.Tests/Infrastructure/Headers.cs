using System.Text;
using ControlPlane.Enforcement.Keys;
using Envoy.Config.Core.V3;
using Google.Protobuf;

namespace ControlPlane.Enforcement.Tests.Infrastructure;

/// <summary>Header maps as Envoy sends them: values in <c>raw_value</c>, <c>value</c> left empty.</summary>
internal static class Headers
{
    public static HeaderMap Map(params (string Name, string Value)[] headers)
    {
        var map = new HeaderMap();
        foreach (var (name, value) in headers)
        {
            map.Headers.Add(new HeaderValue { Key = name, RawValue = ByteString.CopyFrom(Encoding.Latin1.GetBytes(value)) });
        }

        return map;
    }

    public static HeaderMapView View(params (string Name, string Value)[] headers) => new(Map(headers).Headers);

    public static (string, string)[] Post(string key, string tenant = "t1", string path = "/pay") =>
        [(":method", "POST"), (":path", path), ("idempotency-key", key), ("x-tenant-id", tenant)];
}
