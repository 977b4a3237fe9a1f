using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace ControlPlane.Xds.Cache;

/// <summary>
/// Versions are hashes of content, so the same config yields the same versions after a restart and on every replica:
/// a reconnecting Envoy that already holds it is sent nothing.
/// </summary>
internal static class ContentHash
{
    // 64 bits is ample to tell versions of one resource apart and keeps version strings short on the wire.
    private const int HashBytes = 8;

    public static string Of(ReadOnlySpan<byte> content)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, digest);
        return Convert.ToHexStringLower(digest[..HashBytes]);
    }

    /// <summary>Hash of (name, version) pairs; callers pass them sorted by name.</summary>
    public static string OfNamedVersions(IEnumerable<KeyValuePair<string, string>> namedVersions)
    {
        // One buffer and one native hash call: this runs for every snapshot and every partial subscription.
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var length = 0;
        try
        {
            foreach (var (name, version) in namedVersions)
            {
                var needed = length + Encoding.UTF8.GetMaxByteCount(name.Length + version.Length) + 2;
                if (needed > buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                length += Encoding.UTF8.GetBytes(name, buffer.AsSpan(length));
                buffer[length++] = 0;
                length += Encoding.UTF8.GetBytes(version, buffer.AsSpan(length));
                buffer[length++] = (byte)'\n';
            }

            return Of(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
