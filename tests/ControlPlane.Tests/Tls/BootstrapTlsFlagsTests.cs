using ControlPlane.Cli;

namespace ControlPlane.Tests.Tls;

/// <summary><c>bootstrap --xds-tls-*</c>: the xDS cluster's UpstreamTlsContext, and the flag combinations refused.</summary>
public sealed class BootstrapTlsFlagsTests
{
    [Fact]
    public async Task The_tls_flags_give_the_xds_cluster_a_tls_transport_socket()
    {
        var (code, output, _) = await RunAsync("bootstrap", "--gateway", "public", "--xds-tls-ca", "/tls/ca.crt", "--xds-tls-cert", "/tls/tls.crt", "--xds-tls-key", "/tls/tls.key",
            "--xds-sni", "cp.infra.svc", "--xds-san", "spiffe://cluster.local/ns/infra/sa/cp, cp.infra.svc", "--format", "json");

        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var socket = json.RootElement.GetProperty("static_resources").GetProperty("clusters")[0].GetProperty("transport_socket");
        Assert.Equal("envoy.transport_sockets.tls", socket.GetProperty("name").GetString());
        var context = socket.GetProperty("typed_config");
        Assert.Equal("cp.infra.svc", context.GetProperty("sni").GetString());
        var common = context.GetProperty("common_tls_context");
        Assert.Equal("/tls/tls.crt", common.GetProperty("tls_certificates")[0].GetProperty("certificate_chain").GetProperty("filename").GetString());
        Assert.Equal("/tls/ca.crt", common.GetProperty("validation_context").GetProperty("trusted_ca").GetProperty("filename").GetString());
        var sans = common.GetProperty("validation_context").GetProperty("match_typed_subject_alt_names");
        Assert.Equal(["URI:spiffe://cluster.local/ns/infra/sa/cp", "DNS:cp.infra.svc"], sans.EnumerateArray().Select(s => s.GetProperty("san_type").GetString() + ":" + s.GetProperty("matcher").GetProperty("exact").GetString()));
    }

    [Fact]
    public async Task Without_tls_flags_the_xds_cluster_stays_plain_h2c()
    {
        var (code, output, _) = await RunAsync("bootstrap", "--gateway", "public");

        Assert.Equal(0, code);
        Assert.DoesNotContain("transport_socket", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--xds-tls-cert|/c|--xds-tls-key|/k", "--xds-tls-cert, --xds-tls-key need --xds-tls-ca FILE")]
    [InlineData("--xds-tls-ca|/ca|--xds-tls-cert|/c", "--xds-tls-cert and --xds-tls-key go together")]
    [InlineData("--xds-tls-ca|/ca|--xds-tls-cert|/c|--xds-tls-key|/k|--xds-tls-sds|/sds", "--xds-tls-sds replaces --xds-tls-cert and --xds-tls-key")]
    [InlineData("--xds-san|x", "--xds-san need --xds-tls-ca FILE")]
    [InlineData("--xds-tls-ca|", "--xds-tls-ca must not be empty")]
    public async Task Incomplete_tls_flags_exit_2(string flags, string expected)
    {
        var (code, _, errors) = await RunAsync(["bootstrap", "--gateway", "public", .. flags.Split('|')]);

        Assert.Equal(2, code);
        Assert.Contains(expected, errors, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Errors)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = await ControlPlaneCli.RunAsync(args, output, errors);
        return (code, output.ToString(), errors.ToString());
    }
}
