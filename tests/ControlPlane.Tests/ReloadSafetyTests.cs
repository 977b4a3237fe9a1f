using System.Net;
using System.Text.Json;
using ControlPlane.Pipeline;
using ControlPlane.Xds.Cache;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ControlPlane.Tests;

/// <summary>No edit, however broken, stops the process or switches protection off; each change is reloaded once.</summary>
public sealed class ReloadSafetyTests
{
    private const string SecondGateway = """
        apiVersion: idempotency.gateway/v1alpha1
        kind: Gateway
        metadata:
          name: internal
        spec:
          listeners:
            - name: http
              port: 8081
          upstreams:
            - name: backend
              addresses: ["127.0.0.1:9001"]
          routes:
            - name: all
              match:
                prefix: /
              upstream: backend
        """;

    [Fact]
    public async Task A_yaml_syntax_error_is_located_and_the_last_good_config_keeps_serving()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);
        var cache = server.App.Services.GetRequiredService<ISnapshotCache>();
        var good = cache.Get("public")!;
        var reloads = server.Status.Reloads;

        policies.WriteAtomically("gateways/public.yaml", policies.Read("gateways/public.yaml").Replace("routes:", "routes: [a, b\nother:", StringComparison.Ordinal));
        var report = await server.WaitForReloadAsync(reloads);

        Assert.Equal(ReloadOutcome.Rejected, report.Outcome);
        Assert.Contains(report.Errors, e => System.Text.RegularExpressions.Regex.IsMatch(e, @"^gateways/public\.yaml:\d+:\d+: "));
        Assert.Same(good, cache.Get("public"));

        reloads = server.Status.Reloads;
        File.Copy(Path.Combine(PolicyDirectory.ExamplePolicies, "gateways", "public.yaml"), policies.PathOf("gateways/public.yaml"), overwrite: true);
        Assert.True((await server.WaitForReloadAsync(reloads)).Succeeded);
    }

    [Fact]
    public async Task Emptying_the_directory_is_refused_and_the_last_good_config_keeps_serving()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);
        var cache = server.App.Services.GetRequiredService<ISnapshotCache>();
        var good = cache.Get("public")!;
        var reloads = server.Status.Reloads;

        Directory.Delete(policies.PathOf("gateways"), recursive: true);
        Directory.Delete(policies.PathOf("idempotency"), recursive: true);
        var report = await server.WaitForReloadAsync(reloads);

        Assert.Equal(ReloadOutcome.Rejected, report.Outcome);
        Assert.Contains(report.Errors, e => e.Contains("holds no policy files: the change would remove every gateway (public)", StringComparison.Ordinal));
        Assert.Same(good, cache.Get("public"));
        using var http = server.AdminClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task Removing_one_gateway_of_two_works_but_removing_every_gateway_at_once_is_refused()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        policies.WriteAtomically("gateways/internal.yaml", SecondGateway);
        await using var server = await RunningServer.StartAsync(policies.Root);
        var cache = server.App.Services.GetRequiredService<ISnapshotCache>();
        Assert.NotNull(cache.Get("internal"));

        var reloads = server.Status.Reloads;
        File.Delete(policies.PathOf("gateways/internal.yaml"));
        Assert.Equal(ReloadOutcome.Applied, (await server.WaitForReloadAsync(reloads)).Outcome);
        Assert.Null(cache.Get("internal"));

        // Keep only the policies: they now name a gateway that is gone, so remove them too, leaving valid files and no gateway.
        reloads = server.Status.Reloads;
        Directory.Delete(policies.PathOf("idempotency"), recursive: true);
        policies.WriteAtomically("gateways/public.yaml", "# the fleet's gateway was here\n");
        var report = await server.WaitForReloadAsync(reloads);
        while (report.Outcome == ReloadOutcome.Rejected && !report.Errors.Any(e => e.Contains("every gateway", StringComparison.Ordinal)))
        {
            report = await server.WaitForReloadAsync(server.Status.Reloads);
        }

        Assert.Equal(ReloadOutcome.Rejected, report.Outcome);
        Assert.Contains(report.Errors, e => e.Contains("would remove every gateway (public) at once", StringComparison.Ordinal));
        Assert.NotNull(cache.Get("public"));
    }

    [Fact]
    public async Task An_empty_directory_at_start_is_not_ready_until_a_gateway_arrives()
    {
        using var policies = new PolicyDirectory();
        await using var server = await RunningServer.StartAsync(policies.Root);
        using var http = server.AdminClient();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz")).StatusCode);
        Assert.Contains(server.Status.Latest!.Errors, e => e.Contains("no policy files (*.yaml, *.yml) found", StringComparison.Ordinal));

        var reloads = server.Status.Reloads;
        policies.WithExamplePolicies();
        await server.WaitForReloadAsync(reloads);
        while (!server.Status.Latest!.Succeeded)
        {
            await server.WaitForReloadAsync(server.Status.Reloads);
        }

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task A_change_is_reloaded_once_and_the_poll_does_not_reload_it_again()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);
        var reloads = server.Status.Reloads;

        policies.WriteAtomically("idempotency/sessions.yaml", policies.Read("idempotency/sessions.yaml").Replace("ttl: 24h", "ttl: 24 hours", StringComparison.Ordinal));
        var report = await server.WaitForReloadAsync(reloads);
        Assert.Equal(ReloadOutcome.Rejected, report.Outcome);

        // The test host polls every 500 ms: four polls see the same files as the reload did.
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        Assert.Equal(reloads + 1, server.Status.Reloads);
        Assert.Same(report, server.Status.Latest);
    }

    [Fact]
    public async Task A_reload_that_changes_nothing_leaves_serving_at_where_it_was()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);
        var served = server.Status.LastGood!;
        var reloads = server.Status.Reloads;

        // Same content, new file: an event and a reload, but the same policy set.
        policies.WriteAtomically("idempotency/sessions.yaml", policies.Read("idempotency/sessions.yaml") + "\n# a comment\n");
        var report = await server.WaitForReloadAsync(reloads);

        Assert.Equal(ReloadOutcome.Unchanged, report.Outcome);
        Assert.Same(served, server.Status.LastGood);
    }

    [Fact]
    public async Task A_rejected_reload_shows_no_versions_in_status_and_is_counted()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);
        var reloads = server.Status.Reloads;
        policies.WriteAtomically("idempotency/sessions.yaml", policies.Read("idempotency/sessions.yaml").Replace("ttl: 24h", "ttl: forever", StringComparison.Ordinal));
        await server.WaitForReloadAsync(reloads);
        using var http = server.DebugClient();

        using var status = JsonDocument.Parse(await http.GetStringAsync("/status"));
        var reload = status.RootElement.GetProperty("reload");
        Assert.Equal("Rejected", reload.GetProperty("outcome").GetString());
        Assert.False(reload.TryGetProperty("groupVersions", out _));
        Assert.False(reload.TryGetProperty("rules", out _));
        Assert.True(status.RootElement.GetProperty("serving").GetProperty("groupVersions").TryGetProperty("public", out _));

        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("policy_reloads_total{outcome=\"applied\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("policy_reloads_total{outcome=\"rejected\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("policy_validation_errors_total{} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("policy_reload_duration_seconds_count{outcome=\"rejected\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_exception_in_a_reload_keeps_the_process_serving_and_is_counted()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        var faulty = new FaultyCache();
        await using var server = await RunningServer.StartAsync(policies.Root, customize: services =>
        {
            var real = services.Last(d => d.ServiceType == typeof(ISnapshotCache)).ImplementationFactory!;
            services.Replace(ServiceDescriptor.Singleton<ISnapshotCache>(sp => faulty.Wrap((ISnapshotCache)real(sp))));
        });
        var cache = server.App.Services.GetRequiredService<ISnapshotCache>();
        var good = cache.Get("public")!;

        faulty.Failing = true;
        var reloads = server.Status.Reloads;
        policies.WriteAtomically("idempotency/sessions.yaml", policies.Read("idempotency/sessions.yaml").Replace("methods: [POST]", "methods: [POST, PUT]", StringComparison.Ordinal));
        var report = await server.WaitForReloadAsync(reloads);

        Assert.Equal(ReloadOutcome.Failed, report.Outcome);
        Assert.Contains(report.Errors, e => e.Contains("internal error", StringComparison.Ordinal) && e.Contains("disk on fire", StringComparison.Ordinal));
        Assert.Same(good, cache.Get("public"));

        faulty.Failing = false;
        reloads = server.Status.Reloads;
        policies.WriteAtomically("idempotency/sessions.yaml", policies.Read("idempotency/sessions.yaml") + "\n");
        Assert.Equal(ReloadOutcome.Applied, (await server.WaitForReloadAsync(reloads)).Outcome);
        Assert.NotSame(good, cache.Get("public"));
    }

    /// <summary>A cache whose consistency check throws on demand: a stand-in for any bug deep in a reload.</summary>
    private sealed class FaultyCache
    {
        public volatile bool Failing;

        public ISnapshotCache Wrap(ISnapshotCache inner) => new Wrapper(inner, this);

        private sealed class Wrapper(ISnapshotCache inner, FaultyCache fault) : ISnapshotCache
        {
            public IReadOnlyCollection<string> Groups => inner.Groups;

            public bool HasPublished => inner.HasPublished;

            public System.Collections.Immutable.ImmutableArray<string> Check(XdsSnapshot snapshot) =>
                fault.Failing ? throw new InvalidOperationException("disk on fire") : inner.Check(snapshot);

            public XdsSnapshot? Get(string group) => inner.Get(group);

            public PublishResult Publish(string group, XdsSnapshot snapshot) => inner.Publish(group, snapshot);

            public void Remove(string group) => inner.Remove(group);
        }
    }
}
