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
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, version) in namedVersions)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(name));
            hash.AppendData([0]);
            hash.AppendData(Encoding.UTF8.GetBytes(version));
            hash.AppendData([(byte)'\n']);
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..HashBytes]);
    }
}
