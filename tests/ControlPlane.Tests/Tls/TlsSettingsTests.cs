using ControlPlane.Cli;
using ControlPlane.Hosting;
using Microsoft.Extensions.Options;

namespace ControlPlane.Tests.Tls;

/// <summary>ControlPlane:Tls:* are checked, files included, before anything listens; the flags set the same keys.</summary>
public sealed class TlsSettingsTests
{
    [Theory]
    [InlineData("ControlPlane:Tls:CertificateFile=server.crt", "ControlPlane:Tls:CertificateFile (--tls-cert) and ControlPlane:Tls:KeyFile (--tls-key) go together")]
    [InlineData("ControlPlane:Tls:ClientCaFile=ca.crt", "ControlPlane:Tls:ClientCaFile (--client-ca) needs ControlPlane:Tls:CertificateFile")]
    [InlineData("ControlPlane:Tls:CertificateFile=server.crt|ControlPlane:Tls:KeyFile=server.key|ControlPlane:Tls:ClientCaFile=ca.crt", "ControlPlane:Tls:Identities must list at least one entry")]
    [InlineData("ControlPlane:Tls:CertificateFile=server.crt|ControlPlane:Tls:KeyFile=server.key|ControlPlane:Tls:Identities:0:San=spiffe://x/{gateway}", "ControlPlane:Tls:Identities needs ControlPlane:Tls:ClientCaFile")]
    [InlineData("ControlPlane:Tls:CertificateFile=server.crt|ControlPlane:Tls:KeyFile=server.key|ControlPlane:Tls:ClientCaFile=ca.crt|ControlPlane:Tls:Identities:0:San=spiffe://x/sa", "ControlPlane:Tls:Identities:0: San 'spiffe://x/sa' allows no gateway group")]
    [InlineData("ControlPlane:Tls:CertificateFile=server.crt|ControlPlane:Tls:KeyFile=server.key|ControlPlane:Tls:ClientCaFile=ca.crt|ControlPlane:Tls:Identities:0:San={gateway}|ControlPlane:Tls:Identities:0:Gateways:0=public", "San captures {gateway} and Gateways is set too")]
    [InlineData("ControlPlane:Tls:CertificateFile=server.crt|ControlPlane:Tls:KeyFile=server.key|ControlPlane:Tls:ClientCaFile=ca.crt|ControlPlane:Tls:Identities:0:San={gateway}/{gateway}", "ControlPlane:Tls:Identities:0:San '{gateway}/{gateway}' repeats the capture {gateway}")]
    [InlineData("ControlPlane:Tls:CertificateFile=server.crt|ControlPlane:Tls:KeyFile=server.key|ControlPlane:Tls:ClientCaFile=ca.crt|ControlPlane:Tls:Identities:0:San=a}{gateway}", "has a brace that is not a {name} capture")]
    [InlineData("ControlPlane:Tls:CertificateFile=missing.crt|ControlPlane:Tls:KeyFile=missing.key", "ControlPlane:Tls: the certificate, key or client CA cannot be loaded")]
    [InlineData("ControlPlane:Tls:CertificateFile=server.crt|ControlPlane:Tls:KeyFile=other.key", "ControlPlane:Tls: the certificate, key or client CA cannot be loaded")]
    [InlineData("ControlPlane:Tls:CertificateFile=server.crt|ControlPlane:Tls:KeyFile=server.key|ControlPlane:Tls:PollInterval=00:00:00", "ControlPlane:Tls:PollInterval must be at least 100ms")]
    public void A_bad_tls_setting_stops_the_start_with_its_key(string settings, string expected)
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        var directory = Path.Combine(policies.Root, "..", Path.GetFileName(policies.Root) + "-pki");
        var ca = TestPki.CreateCa("ca");
        TestPki.WritePem(directory, "server", TestPki.Issue(ca, dns: ["cp"]));
        TestPki.WritePem(directory, "other", TestPki.Issue(ca, dns: ["other"]));
        TestPki.WriteCa(directory, ca);
        var all = new Dictionary<string, string?> { ["ControlPlane:Policies"] = policies.Root, ["ControlPlane:AdminPort"] = "0", ["ControlPlane:DebugPort"] = "0", ["ControlPlane:XdsPort"] = "0", ["ControlPlane:ExtProcPort"] = "0" };
        foreach (var pair in settings.Split('|'))
        {
            var (key, value) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            all[key] = key.EndsWith("File", StringComparison.Ordinal) ? Path.Combine(directory, value) : value;
        }

        try
        {
            var error = Assert.Throws<OptionsValidationException>(() => ServerHost.Build(all));
            Assert.Contains(error.Failures, f => f.Contains(expected, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_serve_flags_name_the_tls_keys_and_a_missing_file_exits_2()
    {
        var errors = new StringWriter();
        var code = await ControlPlaneCli.RunAsync(["serve", "--policies", PolicyDirectory.ExamplePolicies, "--tls-cert", "/nonexistent/tls.crt", "--tls-key", "/nonexistent/tls.key"], new StringWriter(), errors);

        Assert.Equal(2, code);
        Assert.Contains("ControlPlane:Tls: the certificate, key or client CA cannot be loaded", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("/nonexistent/tls.crt", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_client_ca_any_client_gets_config_over_tls_and_plain_text_is_refused()
    {
        await using var tls = await TlsFixture.StartAsync(mutual: false);
        using var channel = tls.XdsChannel(tls.Envoy(client: null));
        await using var envoy = await EnvoyLikeClient.ConnectAsync(channel, "public");

        Assert.Contains(await envoy.ReceiveConfigAsync(TimeSpan.FromMilliseconds(200)), r => r.TypeUrl == TypeUrls.Listener);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var plain = new Envoy.Service.Discovery.V3.AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(tls.Server.Channel).StreamAggregatedResources();
            await plain.RequestStream.WriteAsync(new() { Node = new() { Id = "n", Cluster = "public" }, TypeUrl = TypeUrls.Cluster });
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await plain.ResponseStream.MoveNext(timeout.Token);
        });
    }
}
