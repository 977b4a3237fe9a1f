using System.Security.Cryptography;
using System.Text;

namespace ControlPlane.Hosting.Debug;

/// <summary>The bearer token the debug endpoints require, when one is configured.</summary>
internal sealed class DebugToken
{
    private const string Scheme = "Bearer ";

    // Hashes have one length whatever the input, so the fixed-time comparison leaks neither content nor length.
    private readonly byte[] _hash;

    private DebugToken(string token) => _hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>The configured token, or null when the debug endpoints are open (loopback only, by validation).</summary>
    public static DebugToken? From(DebugAccessOptions access) => Read(access) is { Length: > 0 } token ? new DebugToken(token) : null;

    /// <summary>The token as configured: the value, else the file's content trimmed (a Secret often ends in a newline).</summary>
    public static string? Read(DebugAccessOptions access) =>
        !string.IsNullOrEmpty(access.Token) ? access.Token
        : !string.IsNullOrEmpty(access.TokenFile) && File.Exists(access.TokenFile) ? File.ReadAllText(access.TokenFile).Trim()
        : null;

    public bool Accepts(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _hash);
    }
}
