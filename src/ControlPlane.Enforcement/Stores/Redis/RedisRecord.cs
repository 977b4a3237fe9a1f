using System.Buffers.Binary;
using System.Text;

namespace ControlPlane.Enforcement.Stores.Redis;

/// <summary>
/// The value of one key: a plain string, so a claim is a single native <c>SET … NX GET</c>, with no script and no
/// second read. Layout 2:
/// <list type="bullet">
/// <item>byte 0: layout version; byte 1: state, <c>p</c> claimed or <c>c</c> completed;</item>
/// <item>bytes 2–9: when the key expires, Unix milliseconds, big-endian (only to report what remains: Redis' own TTL
/// decides the expiry);</item>
/// <item>bytes 10–41: the claim token, 32 hex characters; byte 42: fingerprint length n, then n fingerprint bytes;</item>
/// <item>completed only: the stored response (<see cref="StoredResponseCodec"/>, with its own version byte).</item>
/// </list>
/// A node meets values written by older or newer nodes during a rolling upgrade; an unknown layout is refused cleanly.
/// </summary>
internal sealed record RedisRecord(bool Completed, long ExpiresAtMs, string Token, string Fingerprint, StoredResponse? Response)
{
    public const byte LayoutVersion = 2;
    public const byte ClaimedState = (byte)'p';
    public const byte CompletedState = (byte)'c';
    public const int TokenLength = 32;

    private const int StateOffset = 1;
    private const int ExpiresOffset = 2;
    private const int TokenOffset = 10;
    private const int FingerprintLengthOffset = TokenOffset + TokenLength;
    private const int FingerprintOffset = FingerprintLengthOffset + 1;

    public static byte[] Claim(string token, string fingerprint, DateTimeOffset expiresAt)
    {
        if (token.Length != TokenLength || fingerprint.Length > byte.MaxValue || !Ascii.IsValid(token) || !Ascii.IsValid(fingerprint))
        {
            throw new ArgumentException("A claim token is 32 ASCII characters and a fingerprint at most 255 ASCII characters.");
        }

        var claim = new byte[FingerprintOffset + fingerprint.Length];
        claim[0] = LayoutVersion;
        claim[StateOffset] = ClaimedState;
        BinaryPrimitives.WriteInt64BigEndian(claim.AsSpan(ExpiresOffset), expiresAt.ToUnixTimeMilliseconds());
        Encoding.ASCII.GetBytes(token, claim.AsSpan(TokenOffset));
        claim[FingerprintLengthOffset] = (byte)fingerprint.Length;
        Encoding.ASCII.GetBytes(fingerprint, claim.AsSpan(FingerprintOffset));
        return claim;
    }

    /// <summary>The completed form of <paramref name="claim"/>: same token and fingerprint, the new expiry, the response appended.</summary>
    public static byte[] CompletedFrom(byte[] claim, StoredResponse response, DateTimeOffset expiresAt)
    {
        using var buffer = new MemoryStream(claim.Length + 64 + response.Body.Length);
        buffer.Write(claim);
        StoredResponseCodec.Write(buffer, response);
        var completed = buffer.GetBuffer();
        completed[StateOffset] = CompletedState;
        BinaryPrimitives.WriteInt64BigEndian(completed.AsSpan(ExpiresOffset, 8), expiresAt.ToUnixTimeMilliseconds());
        return buffer.ToArray();
    }

    public static RedisRecord Parse(byte[] value)
    {
        if (value.Length == 0 || value[0] != LayoutVersion)
        {
            throw UnknownLayout(value.Length == 0 ? "(empty)" : value[0].ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (value.Length < FingerprintOffset || value.Length < FingerprintOffset + value[FingerprintLengthOffset]
            || value[StateOffset] is not (ClaimedState or CompletedState))
        {
            throw new StoreUnavailableException("Redis value is truncated or corrupt.");
        }

        var completed = value[StateOffset] == CompletedState;
        var fingerprintEnd = FingerprintOffset + value[FingerprintLengthOffset];
        return new RedisRecord(
            completed,
            BinaryPrimitives.ReadInt64BigEndian(value.AsSpan(ExpiresOffset, 8)),
            Encoding.ASCII.GetString(value, TokenOffset, TokenLength),
            Encoding.ASCII.GetString(value, FingerprintOffset, value[FingerprintLengthOffset]),
            completed ? StoredResponseCodec.Decode(value, fingerprintEnd) : null);
    }

    public TimeSpan RemainingAt(DateTimeOffset now) => TimeSpan.FromMilliseconds(Math.Max(0, ExpiresAtMs - now.ToUnixTimeMilliseconds()));

    public static StoreUnavailableException UnknownLayout(string version) =>
        new($"Redis key has layout version '{version}'; this node reads version {LayoutVersion}.");
}
