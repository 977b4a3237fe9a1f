using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ControlPlane.Ir;
using ControlPlane.Policy.Diagnostics;

namespace ControlPlane.Policy.Values;

/// <summary>Parses <c>host:port</c> and <c>[ipv6]:port</c> into an <see cref="EndpointIr"/>.</summary>
internal static class HostPort
{
    /// <returns>null on success, else why the text is not an address.</returns>
    public static string? TryParse(string text, out EndpointIr? endpoint)
    {
        endpoint = null;
        string host;
        string port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                return $"'{Quoted.Prefix(text)}' is not host:port (expected [ipv6]:port, e.g. [::1]:9000)";
            }

            host = text[1..close];
            port = text[(close + 2)..];
            if (!IPAddress.TryParse(host, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return $"'{Quoted.Prefix(host)}' in '{Quoted.Prefix(text)}' is not an IPv6 address";
            }

            host = address.ToString();
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0)
            {
                return $"'{Quoted.Prefix(text)}' has no port (expected host:port, e.g. {Quoted.Prefix(text)}:80)";
            }

            host = text[..colon];
            port = text[(colon + 1)..];
            if (host.Contains(':', StringComparison.Ordinal))
            {
                return $"'{Quoted.Prefix(text)}': IPv6 addresses need brackets, e.g. [::1]:9000";
            }

            if (CheckHost(host, text) is { } hostError)
            {
                return hostError;
            }

            host = host.ToLowerInvariant();
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            return $"port '{Quoted.Prefix(port)}' in '{Quoted.Prefix(text)}' must be a number from 1 to 65535";
        }

        endpoint = new EndpointIr(host, number);
        return null;
    }

    /// <summary>An IPv4 or IPv6 literal without brackets, as listeners bind to.</summary>
    public static string? TryParseIp(string text, out string normalized)
    {
        normalized = text;
        // IPAddress.TryParse also takes "[::1]", "1.2" and scope ids; accept only plain literals, as the schema does.
        var looksLikeIp = text.Contains(':', StringComparison.Ordinal) ? text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.') : IsDottedQuad(text);
        if (!looksLikeIp || !IPAddress.TryParse(text, out var address))
        {
            return $"'{Quoted.Prefix(text)}' is not an IP address (e.g. 0.0.0.0 or ::)";
        }

        normalized = address.ToString();
        return null;
    }

    private static string? CheckHost(string host, string text)
    {
        if (host.Length == 0)
        {
            return $"'{Quoted.Prefix(text)}' has no host";
        }

        // IPAddress.TryParse accepts "1" or "1.2" as IPv4; a dotted quad must be four parts.
        if (host.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return IsDottedQuad(host) && IPAddress.TryParse(host, out _) ? null : $"'{Quoted.Prefix(host)}' in '{Quoted.Prefix(text)}' is not an IPv4 address";
        }

        return host.Length <= 253 && ValueSyntax.DnsName().IsMatch(host) ? null : $"'{Quoted.Prefix(host)}' in '{Quoted.Prefix(text)}' is not a valid host name";
    }

    private static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }
}
