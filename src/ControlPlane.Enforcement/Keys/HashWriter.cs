using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ControlPlane.Enforcement.Keys;

/// <summary>
/// SHA-256 over length-prefixed fields, so that no two different field lists hash the same input
/// (<c>"ab","c"</c> vs <c>"a","bc"</c>) and an absent value differs from an empty one.
/// </summary>
internal sealed class HashWriter : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public void Absent() => _hash.AppendData([0]);

    public void Present(ReadOnlySpan<byte> value)
    {
        Span<byte> prefix = stackalloc byte[9];
        prefix[0] = 1;
        BinaryPrimitives.WriteInt64LittleEndian(prefix[1..], value.Length);
        _hash.AppendData(prefix);
        _hash.AppendData(value);
    }

    public void Present(string value) => Present(Encoding.UTF8.GetBytes(value));

    /// <summary>Lower-case hex of the digest: 64 characters whatever the inputs' size.</summary>
    public string ToHex()
    {
        Span<byte> digest = stackalloc byte[32];
        _hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }

    public void Dispose() => _hash.Dispose();
}
