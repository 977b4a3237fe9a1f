using ControlPlane.Policy.Values;

namespace ControlPlane.Policy.Tests.Values;

public sealed class HostPortTests
{
    [Theory]
    [InlineData("127.0.0.1:9000", "127.0.0.1", 9000)]
    [InlineData("[::1]:9000", "::1", 9000)]
    [InlineData("[2001:DB8:0:0::1]:443", "2001:db8::1", 443)]
    [InlineData("api.example.com:443", "api.example.com", 443)]
    [InlineData("Identity-API.Internal:1", "identity-api.internal", 1)]
    [InlineData("localhost:65535", "localhost", 65535)]
    public void Parses_host_and_port(string text, string host, int port)
    {
        Assert.Null(HostPort.TryParse(text, out var endpoint));
        Assert.Equal(host, endpoint!.Host);
        Assert.Equal(port, endpoint.Port);
    }

    [Theory]
    [InlineData("localhost", "'localhost' has no port (expected host:port, e.g. localhost:80)")]
    [InlineData("::1:9000", "'::1:9000': IPv6 addresses need brackets, e.g. [::1]:9000")]
    [InlineData("[::1]9000", "'[::1]9000' is not host:port (expected [ipv6]:port, e.g. [::1]:9000)")]
    [InlineData("[::1]", "'[::1]' is not host:port (expected [ipv6]:port, e.g. [::1]:9000)")]
    [InlineData("[10.0.0.1]:80", "'10.0.0.1' in '[10.0.0.1]:80' is not an IPv6 address")]
    [InlineData("bad_host:80", "'bad_host' in 'bad_host:80' is not a valid host name")]
    [InlineData("-bad.example:80", "'-bad.example' in '-bad.example:80' is not a valid host name")]
    [InlineData("10.0.0:80", "'10.0.0' in '10.0.0:80' is not an IPv4 address")]
    [InlineData("256.0.0.1:80", "'256.0.0.1' in '256.0.0.1:80' is not an IPv4 address")]
    [InlineData(":80", "':80' has no host")]
    [InlineData("host:0", "port '0' in 'host:0' must be a number from 1 to 65535")]
    [InlineData("host:65536", "port '65536' in 'host:65536' must be a number from 1 to 65535")]
    [InlineData("host:+80", "port '+80' in 'host:+80' must be a number from 1 to 65535")]
    [InlineData("host:", "port '' in 'host:' must be a number from 1 to 65535")]
    public void Rejects_bad_addresses_with_a_reason(string text, string error)
    {
        Assert.Equal(error, HostPort.TryParse(text, out var endpoint));
        Assert.Null(endpoint);
    }

    [Theory]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("::", "::")]
    [InlineData("0:0:0:0:0:0:0:1", "::1")]
    [InlineData("10.1.2.3", "10.1.2.3")]
    public void Parses_listener_ip_literals(string text, string normalized)
    {
        Assert.Null(HostPort.TryParseIp(text, out var ip));
        Assert.Equal(normalized, ip);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("1.2")]
    [InlineData("[::1]")]
    [InlineData("fe80::1%eth0")]
    [InlineData("10.0.0.1:80")]
    public void Rejects_listener_addresses_that_are_not_plain_ip_literals(string text)
    {
        Assert.Equal($"'{text}' is not an IP address (e.g. 0.0.0.0 or ::)", HostPort.TryParseIp(text, out _));
    }
}
