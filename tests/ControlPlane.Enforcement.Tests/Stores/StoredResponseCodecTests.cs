using ControlPlane.Enforcement.Stores;
using ControlPlane.Enforcement.Stores.Redis;

namespace ControlPlane.Enforcement.Tests.Stores;

public sealed class StoredResponseCodecTests
{
    [Fact]
    public void Round_trips_status_headers_and_body_with_a_version_byte_first()
    {
        var response = new StoredResponse(
            207,
            [new("content-type", "application/json"u8.ToArray()), new("x-bin", [0, 255, 10]), new("empty", [])],
            Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray());

        var encoded = StoredResponseCodec.Encode(response);
        var decoded = StoredResponseCodec.Decode(encoded);

        Assert.Equal(StoredResponseCodec.CurrentVersion, encoded[0]);
        Assert.Equal(207, decoded.Status);
        Assert.Equal(response.Headers.Select(h => (h.Name, Convert.ToHexString(h.Value))), decoded.Headers.Select(h => (h.Name, Convert.ToHexString(h.Value))));
        Assert.Equal(response.Body, decoded.Body);
    }

    [Fact]
    public void Unknown_versions_and_truncated_records_are_refused_as_unavailable()
    {
        var encoded = StoredResponseCodec.Encode(new StoredResponse(200, [], "body"u8.ToArray()));
        var future = encoded.ToArray();
        future[0] = 2;

        Assert.Throws<StoreUnavailableException>(() => StoredResponseCodec.Decode(future));
        Assert.Throws<StoreUnavailableException>(() => StoredResponseCodec.Decode(encoded[..^2]));
        Assert.Throws<StoreUnavailableException>(() => StoredResponseCodec.Decode([]));
    }
}
