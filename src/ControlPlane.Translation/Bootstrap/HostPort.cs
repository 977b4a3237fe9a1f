using System.Globalization;

namespace ControlPlane.Translation.Bootstrap;

internal readonly record struct HostPort(string Host, int Port)
{
    /// <summary>Parses <c>host:port</c>, <c>1.2.3.4:port</c> or <c>[::1]:port</c>.</summary>
    public static HostPort Parse(string value, string what)
    {
        var colon = value.LastIndexOf(':');
        var host = colon > 0 ? value[..colon] : string.Empty;
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (host.Length == 0 || (host.Contains(':', StringComparison.Ordinal) && !value.StartsWith('['))
            || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            throw new FormatException($"The {what} '{value}' is not HOST:PORT (IPv6 as [ADDRESS]:PORT).");
        }

        return new HostPort(host, port);
    }
}
