using System.Text.Json;
using ControlPlane.Admin;
using ControlPlane.Cli;

namespace ControlPlane.Tests;

/// <summary><c>render</c>'s versions are the ones a running server reports for the same policies, so the two can be compared.</summary>
public sealed class RenderVersionsTests
{
    [Fact]
    public async Task Render_prints_each_type_version_that_status_reports_for_the_served_group()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);
        using var http = new HttpClient();
        var status = JsonSerializer.Deserialize(await http.GetStringAsync($"http://127.0.0.1:{server.Options.DebugPort}/status"), StatusJson.Default.StatusDocument)!;

        var output = new StringWriter();
        Assert.Equal(0, await ControlPlaneCli.RunAsync(["render", policies.Root, "--format", "json"], output, new StringWriter()));
        using var rendered = JsonDocument.Parse(output.ToString());

        var served = Assert.Single(status.Groups!);
        var gateway = Assert.Single(rendered.RootElement.EnumerateArray());
        Assert.Equal(served.Group, gateway.GetProperty("gateway").GetString());
        Assert.Equal(served.Version, gateway.GetProperty("version").GetString());
        var versions = gateway.GetProperty("versions").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(["CDS", "EDS", "LDS", "RDS"], versions.Keys);
        Assert.Equal(served.Versions!.OrderBy(v => v.Key, StringComparer.Ordinal), versions.OrderBy(v => v.Key, StringComparer.Ordinal)!);
    }

    [Fact]
    public async Task Render_json_is_a_list_of_gateways_even_for_one_and_yaml_names_the_versions()
    {
        var json = new StringWriter();
        Assert.Equal(0, await ControlPlaneCli.RunAsync(["render", PolicyDirectory.ExamplePolicies, "--gateway", "public", "--format", "json"], json, new StringWriter()));
        using var rendered = JsonDocument.Parse(json.ToString());
        Assert.Equal(JsonValueKind.Array, rendered.RootElement.ValueKind);

        var yaml = new StringWriter();
        Assert.Equal(0, await ControlPlaneCli.RunAsync(["render", PolicyDirectory.ExamplePolicies, "--gateway", "public"], yaml, new StringWriter()));
        var version = Assert.Single(rendered.RootElement.EnumerateArray()).GetProperty("versions").GetProperty("LDS").GetString();
        Assert.Matches(@"(?m)^---\ngateway: public\nversion: ""[0-9a-f]{16}""\nversions:\n  CDS: ", yaml.ToString());
        Assert.Contains($"  LDS: \"{version}\"\n", yaml.ToString(), StringComparison.Ordinal);
    }
}
