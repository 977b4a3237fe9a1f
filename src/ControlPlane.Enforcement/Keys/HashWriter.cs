using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ControlPlane.Enforcement.Keys;

/// <summary>
/// SHA-256 over length-prefixed fields, so that no two different field lists hash the same input
/// (<c>"ab","c"</c> vs <c>"a","bc"</c>) and an absent value differs from an empty one.
/// The fields are gathered in a pooled buffer and hashed in one call: creating an incremental hash (a native digest
/// context) per request cost more than the hashing itself. Inputs beyond <see cref="MaxBuffered"/> (large bodies) are
/// streamed into an incremental hash instead of copied; the digest is the same either way.
/// </summary>
internal sealed class HashWriter : IDisposable
{
    private const int MaxBuffered = 16 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(512);
    private int _length;
    private IncrementalHash? _streaming;

    public void Absent() => Append([0]);

    public void Present(ReadOnlySpan<byte> value)
    {
        Span<byte> prefix = stackalloc byte[9];
        prefix[0] = 1;
        BinaryPrimitives.WriteInt64LittleEndian(prefix[1..], value.Length);
        Append(prefix);
        Append(value);
    }

    public void Present(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        if (length > 256)
        {
            Present(Encoding.UTF8.GetBytes(value));
            return;
        }

        Span<byte> bytes = stackalloc byte[length];
        Encoding.UTF8.GetBytes(value, bytes);
        Present(bytes);
    }

    /// <summary>Lower-case hex of the digest: 64 characters whatever the inputs' size.</summary>
    public string ToHex()
    {
        Span<byte> digest = stackalloc byte[32];
        if (_streaming is null)
        {
            SHA256.HashData(_buffer.AsSpan(0, _length), digest);
        }
        else
        {
            _streaming.AppendData(_buffer.AsSpan(0, _length));
            _streaming.GetHashAndReset(digest);
        }

        _length = 0;
        return Convert.ToHexStringLower(digest);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _streaming?.Dispose();
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_length + data.Length > _buffer.Length)
        {
            if (_length + data.Length > MaxBuffered)
            {
                _streaming ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                _streaming.AppendData(_buffer.AsSpan(0, _length));
                _streaming.AppendData(data);
                _length = 0;
                return;
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + data.Length));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }
}
