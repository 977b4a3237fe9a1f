using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ControlPlane.Tests;

/// <summary>What an operator sees when the input or the flags are wrong: a clear message and an exit code, never a crash.</summary>
public sealed class CliProcessTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static TheoryData<string, string> BrokenFiles => new()
    {
        { "unterminated flow sequence", "apiVersion: idempotency.gateway/v1alpha1\nkind: Gateway\nmetadata: {name: public}\nspec:\n  routes: [a, b\n  listeners: []\n" },
        { "tab indentation", "apiVersion: idempotency.gateway/v1alpha1\nkind: Gateway\nmetadata:\n\tname: public\n" },
        { "10,000 nested sequences", "a: " + new string('[', 10_000) + new string(']', 10_000) + "\n" },
        { "10,000 nested mappings", string.Concat(Enumerable.Range(0, 10_000).Select(i => new string(' ', i) + "k:\n")) },
        { "alias bomb", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n" },
        { "binary", Encoding.Latin1.GetString([0x00, 0xFF, 0xFE, 0x7F, 0x1B, 0x80, 0x00, 0x0A, 0xC3, 0x28]) },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public async Task Validate_reports_a_located_error_for_any_broken_file_and_exits_1(string description, string text)
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await File.WriteAllBytesAsync(policies.PathOf("broken.yaml"), Encoding.Latin1.GetBytes(text));

        var (code, _, errors) = await ControlPlaneProcess.RunAsync(Limit, "validate", policies.Root);

        Assert.True(code == 1, $"{description}: exit code {code}\n{errors}");
        Assert.Matches($@"(?m)^{System.Text.RegularExpressions.Regex.Escape(policies.Root)}/broken\.yaml:\d+:\d+: ", errors);
        Assert.DoesNotContain("Unhandled exception", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_refuses_an_empty_directory_and_a_missing_one_is_a_usage_error()
    {
        using var empty = new PolicyDirectory();

        var (code, _, errors) = await ControlPlaneProcess.RunAsync(Limit, "validate", empty.Root);
        Assert.Equal(1, code);
        Assert.Contains("no policy files (*.yaml, *.yml) found", errors, StringComparison.Ordinal);

        var (missing, _, missingErrors) = await ControlPlaneProcess.RunAsync(Limit, "validate", Path.Combine(empty.Root, "polices"));
        Assert.Equal(2, missing);
        Assert.Contains("does not exist", missingErrors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a positional argument", "serve|policies", "Unrecognized command or argument 'policies'")]
    [InlineData("a host name for --bind", "serve|--bind|localhost", "--bind must be an IP address")]
    [InlineData("a missing policy directory", "serve|--policies|polices", "does not exist")]
    [InlineData("two services on one port", "serve|--policies|{policies}|--xds-port|19000", "ControlPlane:AdminPort (--admin-port) and ControlPlane:XdsPort (--xds-port) are both 19000")]
    [InlineData("the redis store without a connection", "serve|--policies|{policies}|--store|redis", "ControlPlane:Enforcement:RedisConnection is required with the Redis store")]
    [InlineData("the debug port exposed without a token", "serve|--policies|{policies}|--debug-bind|0.0.0.0", "ControlPlane:DebugBind (--debug-bind) 0.0.0.0 is not a loopback address: set ControlPlane:Debug:Token")]
    [InlineData("a host name for --debug-bind", "serve|--debug-bind|localhost", "--debug-bind must be an IP address")]
    [InlineData("a misspelt flag", "serve|--xds-prt|1", "'--xds-prt' was not matched. Did you mean one of the following?")]
    public async Task Serve_refuses_a_wrong_flag_before_starting(string description, string args, string message)
    {
        var (code, _, errors) = await ControlPlaneProcess.RunAsync(Limit, args.Replace("{policies}", PolicyDirectory.ExamplePolicies, StringComparison.Ordinal).Split('|'));

        Assert.True(code == 2, $"{description}: exit code {code}\n{errors}");
        Assert.Contains(message, errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_reports_a_port_in_use_in_one_line_and_exits_2()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (code, _, errors) = await ControlPlaneProcess.RunAsync(
            Limit, "serve", "--policies", PolicyDirectory.ExamplePolicies, "--bind", "127.0.0.1",
            "--xds-port", TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--extproc-port", TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture), "--admin-port", port,
            "--debug-port", TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(2, code);
        Assert.Contains("address already in use", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_from_appsettings_json_and_the_environment_are_validated_before_starting()
    {
        using var directory = new PolicyDirectory().WithExamplePolicies("policies");
        await File.WriteAllTextAsync(directory.PathOf("appsettings.json"), """{ "ControlPlane": { "XdsPort": 19123, "AdminPort": 19123 } }""");

        var (code, _, errors) = await ControlPlaneProcess.RunAsync(Limit, directory.Root, new Dictionary<string, string>(), "serve");
        Assert.Equal(2, code);
        Assert.Contains("ControlPlane:AdminPort (--admin-port) and ControlPlane:XdsPort (--xds-port) are both 19123", errors, StringComparison.Ordinal);

        var environment = new Dictionary<string, string>
        {
            ["CONTROLPLANE__XDS__MAXREQUESTBYTES"] = "0",
            ["CONTROLPLANE__ENFORCEMENT__MEMORYBUDGETBYTES"] = "0",
            ["CONTROLPLANE__ADMINPORT"] = "0",
            ["CONTROLPLANE__XDSPORT"] = "0",
            ["CONTROLPLANE__EXTPROCPORT"] = "0",
            ["CONTROLPLANE__WATCH__POLLINTERVAL"] = "soon",
        };
        var (envCode, _, envErrors) = await ControlPlaneProcess.RunAsync(Limit, directory.Root, environment, "serve");
        Assert.Equal(2, envCode);
        Assert.Contains("ControlPlane:Xds:MaxRequestBytes must be positive (got 0)", envErrors, StringComparison.Ordinal);
        Assert.Contains("ControlPlane:Enforcement:MemoryBudgetBytes must be positive", envErrors, StringComparison.Ordinal);
        Assert.Contains("Failed to convert configuration value 'soon' at 'ControlPlane:Watch:PollInterval'", envErrors, StringComparison.Ordinal);

        var (roleCode, _, roleErrors) = await ControlPlaneProcess.RunAsync(Limit, directory.Root, new Dictionary<string, string> { ["CONTROLPLANE__ROLE"] = "proxy" }, "serve");
        Assert.Equal(2, roleCode);
        Assert.Contains("Failed to convert configuration value 'proxy' at 'ControlPlane:Role'", roleErrors, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", roleErrors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_skips_a_fifo_with_a_warning_instead_of_hanging_on_it()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        var fifo = policies.PathOf("pipe.yaml");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var (code, output, errors) = await ControlPlaneProcess.RunAsync(Limit, "validate", policies.Root);

        Assert.Equal(0, code);
        Assert.Contains("valid", output, StringComparison.Ordinal);
        Assert.Contains($"warning: {policies.Root}/pipe.yaml: not a regular file", errors, StringComparison.Ordinal);
    }
}
