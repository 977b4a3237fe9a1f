using System.Text.Json;
using ControlPlane.Cli;

namespace ControlPlane.Tests;

/// <summary>The offline verbs: validate, render, bootstrap.</summary>
public sealed class CliTests
{
    private static readonly IReadOnlySet<string> Switches = new HashSet<string> { "sotw" };

    [Fact]
    public void Validate_accepts_the_example_policies()
    {
        var (code, output, errors) = Run(ValidateCommand.Run, "validate", PolicyDirectory.ExamplePolicies);

        Assert.Equal(0, code);
        Assert.Contains("valid", output, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_reports_every_error_as_file_line_column_and_exits_1()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        policies.WriteAtomically("idempotency/sessions.yaml", policies.Read("idempotency/sessions.yaml")
            .Replace("ttl: 24h", "ttl: forever", StringComparison.Ordinal)
            .Replace("routes: [create-session]", "routes: [create-sesion]", StringComparison.Ordinal));

        var (code, _, errors) = Run(ValidateCommand.Run, "validate", policies.Root);

        Assert.Equal(1, code);
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("idempotency/sessions.yaml:", StringComparison.Ordinal) && l.Contains("spec.ttl", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("idempotency/sessions.yaml:", StringComparison.Ordinal) && l.Contains("create-sesion", StringComparison.Ordinal));
        Assert.Matches(@"^idempotency/sessions\.yaml:\d+:\d+: ", lines[0]);
    }

    [Fact]
    public void Validate_json_lists_errors_with_locations()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        policies.WriteAtomically("idempotency/sessions.yaml", policies.Read("idempotency/sessions.yaml").Replace("ttl: 24h", "ttl: forever", StringComparison.Ordinal));

        var (code, output, _) = Run(ValidateCommand.Run, "validate", policies.Root, "--format", "json");

        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        var error = json.RootElement.GetProperty("errors")[0];
        Assert.Equal("idempotency/sessions.yaml", error.GetProperty("file").GetString());
        Assert.True(error.GetProperty("line").GetInt32() > 0);
        Assert.Equal("spec.ttl", error.GetProperty("path").GetString());
    }

    [Fact]
    public void Render_prints_the_resources_envoy_receives_with_type_annotations()
    {
        var (code, output, errors) = Run(RenderCommand.Run, "render", PolicyDirectory.ExamplePolicies, "--gateway", "public", "--format", "json");

        Assert.Equal(0, code);
        Assert.Empty(errors);
        Assert.Contains("\"@type\": \"type.googleapis.com/envoy.config.listener.v3.Listener\"", output, StringComparison.Ordinal);
        Assert.Contains("type.googleapis.com/envoy.extensions.filters.http.ext_proc.v3.ExtProcPerRoute", output, StringComparison.Ordinal);
        Assert.Contains("create-session/idempotent/create-session", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_refuses_an_unknown_gateway()
    {
        var (code, _, errors) = Run(RenderCommand.Run, "render", PolicyDirectory.ExamplePolicies, "--gateway", "nope");

        Assert.Equal(1, code);
        Assert.Contains("no gateway named 'nope'", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Bootstrap_uses_delta_ads_with_the_gateway_as_node_cluster_by_default()
    {
        var output = new StringWriter();
        var code = BootstrapCommand.Run(Parse("bootstrap", "--gateway", "public", "--xds-address", "cp.example.internal:18000", "--format", "json"), output, TextWriter.Null);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal("public", json.RootElement.GetProperty("node").GetProperty("cluster").GetString());
        Assert.Equal("DELTA_GRPC", json.RootElement.GetProperty("dynamic_resources").GetProperty("ads_config").GetProperty("api_type").GetString());
        Assert.Contains("cp.example.internal", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bootstrap_sotw_switch_selects_state_of_the_world()
    {
        var output = new StringWriter();
        BootstrapCommand.Run(Parse("bootstrap", "--gateway", "public", "--sotw", "--format", "json"), output, TextWriter.Null);

        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal("GRPC", json.RootElement.GetProperty("dynamic_resources").GetProperty("ads_config").GetProperty("api_type").GetString());
    }

    [Fact]
    public void Unknown_flags_and_bad_values_are_errors_not_defaults()
    {
        Assert.Throws<CommandLineException>(() => ValidateCommand.Run(Parse("validate", "policies", "--formatt", "json"), TextWriter.Null, TextWriter.Null));
        Assert.Throws<CommandLineException>(() => ValidateCommand.Run(Parse("validate", "policies", "--format", "xml"), TextWriter.Null, TextWriter.Null));
        Assert.Throws<CommandLineException>(() => BootstrapCommand.Run(Parse("bootstrap"), TextWriter.Null, TextWriter.Null));
        Assert.Throws<CommandLineException>(() => Parse("serve", "--xds-port").GetPort("xds-port", 1));
        Assert.Throws<CommandLineException>(() => Parse("serve", "--xds-port", "70000").GetPort("xds-port", 1));
    }

    [Fact]
    public void Bootstrap_leaves_the_node_id_to_each_envoy_and_says_how_to_set_it()
    {
        var output = new StringWriter();
        var notes = new StringWriter();
        BootstrapCommand.Run(Parse("bootstrap", "--gateway", "public", "--format", "json"), output, notes);

        using var json = JsonDocument.Parse(output.ToString());
        Assert.False(json.RootElement.GetProperty("node").TryGetProperty("id", out _));
        Assert.Contains("--service-node", notes.ToString(), StringComparison.Ordinal);
        Assert.Contains("$(POD_NAME)", notes.ToString(), StringComparison.Ordinal);

        var pinned = new StringWriter();
        var quiet = new StringWriter();
        BootstrapCommand.Run(Parse("bootstrap", "--gateway", "public", "--node-id", "edge-1", "--format", "json"), pinned, quiet);
        using var pinnedJson = JsonDocument.Parse(pinned.ToString());
        Assert.Equal("edge-1", pinnedJson.RootElement.GetProperty("node").GetProperty("id").GetString());
        Assert.Empty(quiet.ToString());
    }

    [Fact]
    public void Bootstrap_warns_when_the_policies_declare_no_such_gateway()
    {
        var warnings = new StringWriter();
        var code = BootstrapCommand.Run(Parse("bootstrap", "--gateway", "pubic", "--node-id", "n", "--policies", PolicyDirectory.ExamplePolicies), new StringWriter(), warnings);

        Assert.Equal(0, code);
        Assert.Contains("declares no gateway 'pubic' (declared: public)", warnings.ToString(), StringComparison.Ordinal);

        var none = new StringWriter();
        BootstrapCommand.Run(Parse("bootstrap", "--gateway", "public", "--node-id", "n", "--policies", PolicyDirectory.ExamplePolicies), new StringWriter(), none);
        Assert.Empty(none.ToString());
    }

    [Theory]
    [InlineData("--gateway", "")]
    [InlineData("--gateway", "Public_GW")]
    [InlineData("--node-id", "")]
    [InlineData("--policies", "no-such-directory")]
    public void Bootstrap_refuses_an_empty_or_invalid_value(string flag, string value)
    {
        var args = flag == "--gateway" ? new[] { "bootstrap", flag, value } : ["bootstrap", "--gateway", "public", flag, value];

        Assert.Throws<CommandLineException>(() => BootstrapCommand.Run(Parse(args), TextWriter.Null, TextWriter.Null));
    }

    private static CommandLine Parse(params string[] args) => CommandLine.Parse(args, Switches);

    private static (int Code, string Output, string Errors) Run(Func<CommandLine, TextWriter, TextWriter, int> command, params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = command(Parse(args), output, errors);
        return (code, output.ToString(), errors.ToString());
    }
}
