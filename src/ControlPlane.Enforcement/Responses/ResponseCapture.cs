using System.Collections.Immutable;
using System.Globalization;
using ControlPlane.Enforcement.Keys;
using ControlPlane.Enforcement.Stores;

namespace ControlPlane.Enforcement.Responses;

/// <summary>Turns an upstream response as Envoy sent it into what is stored for replay.</summary>
internal static class ResponseCapture
{
    public static int StatusOf(HeaderMapView headers) =>
        int.TryParse(headers.First(":status"), NumberStyles.None, CultureInfo.InvariantCulture, out var status) ? status : 0;

    /// <summary>The replayable headers in order; the replay marker itself is left out so a replay carries it once.</summary>
    public static StoredResponse Capture(HeaderMapView headers, byte[] body, string replayHeader)
    {
        var connectionNamed = ReplayableHeaders.NamedByConnection(
            headers.Entries.Where(h => string.Equals(h.Key, "connection", StringComparison.OrdinalIgnoreCase)).Select(HeaderMapView.ValueOf));
        var kept = ImmutableArray.CreateBuilder<StoredHeader>();
        foreach (var header in headers.Entries)
        {
            if (ReplayableHeaders.IsReplayable(header.Key, connectionNamed)
                && !string.Equals(header.Key, replayHeader, StringComparison.OrdinalIgnoreCase))
            {
                kept.Add(new StoredHeader(header.Key.ToLowerInvariant(), HeaderMapView.BytesOf(header).ToArray()));
            }
        }

        return new StoredResponse(StatusOf(headers), kept.ToImmutable(), body);
    }
}
