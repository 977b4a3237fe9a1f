using System.Text;
using Envoy.Config.Core.V3;
using Google.Protobuf.Collections;

namespace ControlPlane.Enforcement.Keys;

/// <summary>
/// Reads an Envoy header map. Envoy fills <c>raw_value</c>; <c>value</c> is read when <c>raw_value</c> is empty so
/// that other senders work too. Names are compared case-insensitively although Envoy sends them lower case.
/// </summary>
internal readonly struct HeaderMapView(RepeatedField<HeaderValue> headers)
{
    public static HeaderMapView Empty { get; } = new([]);

    public RepeatedField<HeaderValue> Entries { get; } = headers;

    /// <summary>Header octets as a string, one char per byte, so nothing is lost before validation.</summary>
    public static string ValueOf(HeaderValue header) =>
        header.RawValue.IsEmpty ? header.Value : Encoding.Latin1.GetString(header.RawValue.Span);

    public static ReadOnlySpan<byte> BytesOf(HeaderValue header) =>
        header.RawValue.IsEmpty ? Encoding.UTF8.GetBytes(header.Value) : header.RawValue.Span;

    public string? First(string name)
    {
        foreach (var header in Entries)
        {
            if (NameIs(header, name))
            {
                return ValueOf(header);
            }
        }

        return null;
    }

    public int Count(string name)
    {
        var count = 0;
        foreach (var header in Entries)
        {
            if (NameIs(header, name))
            {
                count++;
            }
        }

        return count;
    }

    private static bool NameIs(HeaderValue header, string name) => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase);
}
