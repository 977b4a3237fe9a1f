using ControlPlane.Policy.Tests.Support;
using ControlPlane.Translation.Tests.Support;

namespace ControlPlane.Translation.Tests;

/// <summary>Bootstrap generator output, checked in under <c>Golden/bootstrap/</c>; UPDATE_GOLDEN=1 rewrites it.</summary>
public sealed class GoldenBootstrapTests
{
    public static TheoryData<string> Cases => [.. BootstrapCases.Keys.Order(StringComparer.Ordinal)];

    private static Dictionary<string, (BootstrapOptions Options, ConfigFormat Format)> BootstrapCases { get; } = new()
    {
        ["delta-dns.yaml"] = (new BootstrapOptions("public") { XdsAddress = "control-plane.infra.svc:18000" }, ConfigFormat.Yaml),
        ["sotw-ip-node-id.yaml"] = (new BootstrapOptions("public") { NodeId = "envoy-0", XdsAddress = "10.1.2.3:18000", UseSotw = true }, ConfigFormat.Yaml),
        ["defaults.json"] = (new BootstrapOptions("internal"), ConfigFormat.Json),
        ["tls-files.yaml"] = (new BootstrapOptions("public")
        {
            XdsAddress = "control-plane.infra.svc:18000",
            XdsTls = new UpstreamTls("/etc/envoy/tls/ca.crt")
            {
                CertificateFile = "/etc/envoy/tls/tls.crt",
                KeyFile = "/etc/envoy/tls/tls.key",
                Sni = "control-plane.infra.svc",
                SubjectAltNames = ["spiffe://cluster.local/ns/infra/sa/control-plane", "control-plane.infra.svc"],
            },
        }, ConfigFormat.Yaml),
        ["tls-sds.yaml"] = (new BootstrapOptions("public")
        {
            XdsAddress = "control-plane.infra.svc:18000",
            XdsTls = new UpstreamTls("/etc/envoy/tls/ca.crt") { SdsDirectory = "/etc/envoy/sds" },
        }, ConfigFormat.Yaml),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bootstrap_matches_the_golden_file(string file)
    {
        var (options, format) = BootstrapCases[file];
        Snapshot.AssertMatches(Path.Combine(TestPaths.BootstrapGolden, file), BootstrapGenerator.Render(options, format));
    }

    [Fact]
    public void Yaml_bootstrap_reads_back_as_the_json_bootstrap()
    {
        var options = BootstrapCases["delta-dns.yaml"].Options;
        YamlAssert.EquivalentToJson(BootstrapGenerator.Render(options, ConfigFormat.Json), BootstrapGenerator.Render(options, ConfigFormat.Yaml));
    }
}
