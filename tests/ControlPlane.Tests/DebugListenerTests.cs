using System.Net;
using System.Net.Http.Headers;
using ControlPlane.Hosting;
using Microsoft.Extensions.Options;

namespace ControlPlane.Tests;

/// <summary>Probes where the kubelet reaches them; /status and /metrics only where the operator chose.</summary>
public sealed class DebugListenerTests
{
    private const string Token = "s3cret-token-0123456789";

    [Theory]
    [InlineData("/status", true)]
    [InlineData("/metrics", true)]
    [InlineData("/healthz", false)]
    [InlineData("/readyz", false)]
    public async Task Each_path_answers_on_its_own_port_only(string path, bool onDebugPort)
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);
        using var admin = server.AdminClient();
        using var debug = server.DebugClient();

        Assert.Equal(onDebugPort ? HttpStatusCode.NotFound : HttpStatusCode.OK, (await admin.GetAsync(path)).StatusCode);
        Assert.Equal(onDebugPort ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await debug.GetAsync(path)).StatusCode);
        Assert.Equal("127.0.0.1", server.Options.DebugBind);
    }

    [Fact]
    public async Task With_a_token_the_debug_endpoints_require_it_and_the_probes_do_not()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root, settings: new Dictionary<string, string?> { ["ControlPlane:Debug:Token"] = Token });
        using var admin = server.AdminClient();
        using var debug = server.DebugClient();

        var missing = await debug.GetAsync("/status");
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(debug, "/metrics", Token + "x")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(debug, "/metrics", Token[..^1])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(debug, "/metrics", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(debug, "/status", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_token_file_is_read_trimmed()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        var file = policies.PathOf(".debug-token");
        await File.WriteAllTextAsync(file, Token + "\n");
        await using var server = await RunningServer.StartAsync(policies.Root, settings: new Dictionary<string, string?> { ["ControlPlane:Debug:TokenFile"] = file });
        using var debug = server.DebugClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await debug.GetAsync("/status")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(debug, "/status", Token)).StatusCode);
    }

    [Fact]
    public async Task A_non_loopback_debug_address_is_served_only_with_a_token()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        var unguarded = Assert.Throws<OptionsValidationException>(() => ServerHost.Build(Settings(policies.Root, ("ControlPlane:DebugBind", "0.0.0.0"))));
        Assert.Contains(unguarded.Failures, f => f.Contains("ControlPlane:DebugBind (--debug-bind) 0.0.0.0 is not a loopback address", StringComparison.Ordinal));

        await using var server = await RunningServer.StartAsync(policies.Root, settings: new Dictionary<string, string?>
        {
            ["ControlPlane:DebugBind"] = "0.0.0.0",
            ["ControlPlane:Debug:Token"] = Token,
        });
        using var debug = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Options.DebugPort}") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await debug.GetAsync("/status")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(debug, "/status", Token)).StatusCode);
    }

    [Theory]
    [InlineData("ControlPlane:DebugPort", "19000", "ControlPlane:AdminPort (--admin-port) and ControlPlane:DebugPort (--debug-port) are both 19000")]
    [InlineData("ControlPlane:DebugBind", "localhost", "ControlPlane:DebugBind (--debug-bind) must be an IP address")]
    [InlineData("ControlPlane:Debug:Token", "short", "must be at least 16 characters")]
    [InlineData("ControlPlane:Debug:TokenFile", "/nonexistent/token", "ControlPlane:Debug:TokenFile '/nonexistent/token' does not exist")]
    public void Bad_debug_settings_are_refused_before_anything_listens(string key, string value, string message)
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        var settings = Settings(policies.Root, (key, value));
        settings["ControlPlane:AdminPort"] = "19000";

        var refused = Assert.Throws<OptionsValidationException>(() => ServerHost.Build(settings));
        Assert.Contains(refused.Failures, f => f.Contains(message, StringComparison.Ordinal));
    }

    private static Dictionary<string, string?> Settings(string policies, (string Key, string Value) setting) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["ControlPlane:Policies"] = policies,
        ["ControlPlane:XdsPort"] = "0",
        ["ControlPlane:ExtProcPort"] = "0",
        ["ControlPlane:AdminPort"] = "0",
        ["ControlPlane:DebugPort"] = "0",
        [setting.Key] = setting.Value,
    };

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }
}
