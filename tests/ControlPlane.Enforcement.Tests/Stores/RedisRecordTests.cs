using ControlPlane.Enforcement.Stores;
using ControlPlane.Enforcement.Stores.Redis;

namespace ControlPlane.Enforcement.Tests.Stores;

public sealed class RedisRecordTests
{
    private static readonly string Token = Guid.NewGuid().ToString("N");

    [Fact]
    public void A_claim_round_trips_token_fingerprint_and_expiry_behind_the_layout_version()
    {
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_123);
        var value = RedisRecord.Claim(Token, "sha256:abc", expires);

        var record = RedisRecord.Parse(value);

        Assert.Equal(RedisRecord.LayoutVersion, value[0]);
        Assert.Equal((byte)'p', value[1]);
        Assert.Equal((false, Token, "sha256:abc", expires.ToUnixTimeMilliseconds()), (record.Completed, record.Token, record.Fingerprint, record.ExpiresAtMs));
        Assert.Null(record.Response);
        Assert.Equal(TimeSpan.FromSeconds(1), record.RemainingAt(expires.AddSeconds(-1)));
        Assert.Equal(TimeSpan.Zero, record.RemainingAt(expires.AddSeconds(1)));
    }

    [Fact]
    public void The_completed_form_keeps_the_claim_s_token_and_fingerprint_and_carries_the_response()
    {
        var claim = RedisRecord.Claim(Token, "fp", DateTimeOffset.UtcNow);
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(1_900_000_000_000);
        var response = new StoredResponse(409, [new("x", [1, 2])], "body"u8.ToArray());
        var completed = RedisRecord.CompletedFrom(claim, response, expires);

        var record = RedisRecord.Parse(completed);
        Assert.Equal(claim[10..], completed[10..claim.Length]);
        Assert.Equal(StoredResponseCodec.Encode(response), completed[claim.Length..]);
        Assert.False(RedisRecord.Parse(claim).Completed);

        Assert.True(record.Completed);
        Assert.Equal((Token, "fp", expires.ToUnixTimeMilliseconds()), (record.Token, record.Fingerprint, record.ExpiresAtMs));
        Assert.Equal(409, record.Response!.Status);
        Assert.Equal("body"u8.ToArray(), record.Response.Body);
        Assert.Equal([1, 2], record.Response.Headers.Single().Value);
    }

    [Fact]
    public void Unknown_layouts_bad_states_and_truncated_values_are_refused_as_unavailable()
    {
        var claim = RedisRecord.Claim(Token, "fingerprint", DateTimeOffset.UtcNow);
        var future = claim.ToArray();
        future[0] = 3;
        var badState = claim.ToArray();
        badState[1] = (byte)'x';

        Assert.Contains("layout version '3'", Assert.Throws<StoreUnavailableException>(() => RedisRecord.Parse(future)).Message, StringComparison.Ordinal);
        Assert.Throws<StoreUnavailableException>(() => RedisRecord.Parse(badState));
        Assert.Throws<StoreUnavailableException>(() => RedisRecord.Parse(claim[..^1]));
        Assert.Throws<StoreUnavailableException>(() => RedisRecord.Parse(claim[..20]));
        Assert.Throws<StoreUnavailableException>(() => RedisRecord.Parse([]));
    }

    [Fact]
    public void Tokens_and_fingerprints_outside_the_layout_are_refused_when_writing()
    {
        Assert.Throws<ArgumentException>(() => RedisRecord.Claim("short", "fp", DateTimeOffset.UtcNow));
        Assert.Throws<ArgumentException>(() => RedisRecord.Claim(Token, new string('f', 256), DateTimeOffset.UtcNow));
        Assert.Throws<ArgumentException>(() => RedisRecord.Claim(Token, "é", DateTimeOffset.UtcNow));
    }
}
