using System.Text.Json;
using System.Text.RegularExpressions;
using ControlPlane.Cli;

namespace ControlPlane.Tests;

/// <summary>The offline verbs: validate, render, bootstrap.</summary>
public sealed class CliTests
{
    [Fact]
    public void Validate_accepts_the_example_policies()
    {
        var (code, output, errors) = Run("validate", PolicyDirectory.ExamplePolicies);

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

        var (code, _, errors) = Run("validate", policies.Root);

        Assert.Equal(1, code);
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Named by the directory as given, so the path opens from where the command ran.
        var file = policies.Root + "/idempotency/sessions.yaml";
        Assert.Contains(lines, l => l.StartsWith(file + ":", StringComparison.Ordinal) && l.Contains("spec.ttl", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(file + ":", StringComparison.Ordinal) && l.Contains("create-sesion", StringComparison.Ordinal));
        Assert.Matches($@"^{Regex.Escape(file)}:\d+:\d+: ", lines[0]);
    }

    [Fact]
    public void Validate_takes_files_as_one_set_and_names_errors_by_the_paths_given()
    {
        var gateway = Path.Combine(PolicyDirectory.ExamplePolicies, "gateways", "public.yaml");
        var sessions = Path.Combine(PolicyDirectory.ExamplePolicies, "idempotency", "sessions.yaml");

        var (code, output, errors) = Run("validate", gateway, sessions);
        Assert.Equal(0, code);
        Assert.Contains("valid (2 files, 1 gateways, 1 idempotency policies)", output, StringComparison.Ordinal);
        Assert.Empty(errors);

        // A pre-commit hook passes only the changed file: alone, its gateway is unknown, at the file as given.
        (code, _, errors) = Run("validate", sessions);
        Assert.Equal(1, code);
        Assert.Matches($@"^{Regex.Escape(sessions)}:\d+:\d+: spec\.gateway: ", errors);

        // With the directory as context (`validate policies` + the hook's files), each file is read once.
        (code, _, errors) = Run("validate", PolicyDirectory.ExamplePolicies, sessions);
        Assert.Equal(0, code);
        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_json_lists_errors_with_locations()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        policies.WriteAtomically("idempotency/sessions.yaml", policies.Read("idempotency/sessions.yaml").Replace("ttl: 24h", "ttl: forever", StringComparison.Ordinal));

        var (code, output, _) = Run("validate", policies.Root, "--format", "json");

        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        var error = json.RootElement.GetProperty("errors")[0];
        Assert.Equal(policies.Root + "/idempotency/sessions.yaml", error.GetProperty("file").GetString());
        Assert.True(error.GetProperty("line").GetInt32() > 0);
        Assert.Equal("spec.ttl", error.GetProperty("path").GetString());
    }

    [Fact]
    public void Render_prints_the_resources_envoy_receives_with_type_annotations()
    {
        var (code, output, errors) = Run("render", PolicyDirectory.ExamplePolicies, "--gateway", "public", "--format", "json");

        Assert.Equal(0, code);
        Assert.Empty(errors);
        Assert.Contains("\"@type\": \"type.googleapis.com/envoy.config.listener.v3.Listener\"", output, StringComparison.Ordinal);
        Assert.Contains("type.googleapis.com/envoy.extensions.filters.http.ext_proc.v3.ExtProcPerRoute", output, StringComparison.Ordinal);
        Assert.Contains("create-session/idempotent/create-session", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_refuses_an_unknown_gateway()
    {
        var (code, _, errors) = Run("render", PolicyDirectory.ExamplePolicies, "--gateway", "nope");

        Assert.Equal(1, code);
        Assert.Contains("no gateway named 'nope'", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Bootstrap_uses_delta_ads_with_the_gateway_as_node_cluster_by_default()
    {
        var (code, output, _) = Run("bootstrap", "--gateway", "public", "--xds-address", "cp.example.internal:18000", "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("public", json.RootElement.GetProperty("node").GetProperty("cluster").GetString());
        Assert.Equal("DELTA_GRPC", json.RootElement.GetProperty("dynamic_resources").GetProperty("ads_config").GetProperty("api_type").GetString());
        Assert.Contains("cp.example.internal", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bootstrap_sotw_switch_selects_state_of_the_world()
    {
        var (_, output, _) = Run("bootstrap", "--gateway", "public", "--sotw", "--format", "json");

        using var json = JsonDocument.Parse(output);
        Assert.Equal("GRPC", json.RootElement.GetProperty("dynamic_resources").GetProperty("ads_config").GetProperty("api_type").GetString());
    }

    [Theory]
    [InlineData("validate|policies|--formatt|json", "'--formatt' was not matched")]
    [InlineData("validate|policies|--format|xml", "Argument 'xml' not recognized")]
    [InlineData("validate", "Required argument missing")]
    [InlineData("validate|a|b", "policy files or directories do not exist: 'a', 'b'")]
    [InlineData("validate|no-such-directory", "policy file or directory 'no-such-directory' does not exist")]
    [InlineData("bootstrap", "Option '--gateway' is required")]
    [InlineData("bootstrap|--gateway|public|--sotw=false", "Unrecognized command or argument 'false'")]
    [InlineData("bootstrap|--gateway|public|--gateway|internal", "--gateway is given more than once")]
    [InlineData("serve|--xds-port", "Required argument missing for option: '--xds-port'")]
    [InlineData("serve|--xds-port|70000", "--xds-port must be a port number 0-65535 (got '70000')")]
    [InlineData("serve|--xds-port|http", "--xds-port must be a port number 0-65535 (got 'http')")]
    [InlineData("serve|--xds-port|-1", "--xds-port must be a port number 0-65535 (got '-1')")]
    [InlineData("serve|--role|proxy", "Argument 'proxy' not recognized")]
    [InlineData("serve|--redis|", "--redis must not be empty")]
    [InlineData("serv", "Did you mean one of the following?")]
    public void Wrong_input_is_a_usage_error_with_a_message(string args, string message)
    {
        var (code, output, errors) = Run(args.Split('|'));

        Assert.Equal(2, code);
        Assert.Contains(message, errors, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public void Crds_prints_the_definitions_the_chart_ships_and_writes_them_with_output()
    {
        var shipped = Directory.EnumerateFiles(Path.Combine(PolicyDirectory.RepositoryRoot, "charts", "idempotency-gateway", "files", "crds"), "*.yaml")
            .Order(StringComparer.Ordinal).ToList();
        var (code, output, _) = Run("crds");

        Assert.Equal(0, code);
        Assert.Equal(string.Join("---\n", shipped.Select(File.ReadAllText)), output);

        using var target = new PolicyDirectory();
        var (written, _, _) = Run("crds", "--output", target.PathOf("crds"));
        Assert.Equal(0, written);
        Assert.All(shipped, file => Assert.Equal(File.ReadAllText(file), File.ReadAllText(target.PathOf(Path.Combine("crds", Path.GetFileName(file))))));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("crds|--help")]
    [InlineData("serve|--help")]
    [InlineData("validate|-h")]
    [InlineData("render|--help")]
    [InlineData("bootstrap|--help")]
    [InlineData("status|--help")]
    [InlineData("version|--help")]
    public void Every_verb_has_help(string args)
    {
        var (code, output, _) = Run(args.Split('|'));

        Assert.Equal(0, code);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_suggest_directive_completes_verbs_for_shell_completion()
    {
        var (code, output, _) = Run("[suggest]", "ser");

        Assert.Equal(0, code);
        Assert.Equal(["serve"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Version_prints_the_same_as_the_version_flag()
    {
        var (code, output, _) = Run("version");
        var (flagCode, flagOutput, _) = Run("--version");

        Assert.Equal(0, code);
        Assert.Equal(0, flagCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", output);
        Assert.Equal(output, flagOutput);
    }

    [Fact]
    public void Bootstrap_leaves_the_node_id_to_each_envoy_and_says_how_to_set_it()
    {
        var (_, output, notes) = Run("bootstrap", "--gateway", "public", "--format", "json");

        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("node").TryGetProperty("id", out _));
        Assert.Contains("--service-node", notes, StringComparison.Ordinal);
        Assert.Contains("$(POD_NAME)", notes, StringComparison.Ordinal);

        var (_, pinned, quiet) = Run("bootstrap", "--gateway", "public", "--node-id", "edge-1", "--format", "json");
        using var pinnedJson = JsonDocument.Parse(pinned);
        Assert.Equal("edge-1", pinnedJson.RootElement.GetProperty("node").GetProperty("id").GetString());
        Assert.Empty(quiet);
    }

    [Fact]
    public void Bootstrap_warns_when_the_policies_declare_no_such_gateway()
    {
        var (code, _, warnings) = Run("bootstrap", "--gateway", "pubic", "--node-id", "n", "--policies", PolicyDirectory.ExamplePolicies);

        Assert.Equal(0, code);
        Assert.Contains("declares no gateway 'pubic' (declared: public)", warnings, StringComparison.Ordinal);

        var (_, _, none) = Run("bootstrap", "--gateway", "public", "--node-id", "n", "--policies", PolicyDirectory.ExamplePolicies);
        Assert.Empty(none);
    }

    [Theory]
    [InlineData("--gateway", "")]
    [InlineData("--gateway", "Public_GW")]
    [InlineData("--node-id", "")]
    [InlineData("--policies", "")]
    public void Bootstrap_refuses_an_empty_or_invalid_value(string flag, string value)
    {
        var args = flag == "--gateway" ? new[] { "bootstrap", flag, value } : ["bootstrap", "--gateway", "public", flag, value];

        var (code, _, errors) = Run(args);

        Assert.Equal(2, code);
        Assert.Contains(flag, errors, StringComparison.Ordinal);
    }

    private static (int Code, string Output, string Errors) Run(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = ControlPlaneCli.RunAsync(args, output, errors).GetAwaiter().GetResult();
        return (code, output.ToString(), errors.ToString());
    }
}
