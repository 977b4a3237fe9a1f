using Microsoft.Extensions.Options;

namespace ControlPlane.Tests;

/// <summary>/metrics through OpenTelemetry's Prometheus exporter: one host's series only, names as documented.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Each_host_exports_only_its_own_series_when_several_share_a_process()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var first = await RunningServer.StartAsync(policies.Root);
        await using var second = await RunningServer.StartAsync(policies.Root);
        await using var envoy = await EnvoyLikeClient.ConnectAsync(first.Channel, "public");
        await using var other = await EnvoyLikeClient.ConnectAsync(second.Channel, "public");
        await envoy.ReceiveConfigAsync(TimeSpan.FromMilliseconds(500));
        await other.ReceiveConfigAsync(TimeSpan.FromMilliseconds(500));

        foreach (var server in new[] { first, second })
        {
            var metrics = await ScrapeAsync(server);
            AssertLines(
                metrics,
                "xds_streams_active{service=\"ADS\",variant=\"sotw\"} 1",
                "xds_snapshots_published_total{group=\"public\"} 1",
                "policy_reloads_total{outcome=\"applied\"} 1");
        }
    }

    [Fact]
    public async Task Counters_exist_at_zero_before_anything_happens_and_histograms_have_buckets()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);

        var idle = await ScrapeAsync(server);

        AssertLines(
            idle,
            "xds_nacks_total{type=\"EDS\"} 0",
            "xds_snapshots_rejected_total{group=\"public\"} 0",
            "idempotency_memory_evictions_total{reason=\"lru\"} 0",
            "idempotency_memory_refused_claims_total{} 0",
            "xds_streams_active{service=\"ADS\",variant=\"delta\"} 0",
            "xds_stale_nonce_requests_total{} 0",
            "policy_reloads_total{outcome=\"rejected\"} 0",
            "policy_validation_errors_total{} 0",
            "idempotency_decisions_total{outcome=\"replayed\",rule=\"create-session\"} 0",
            "idempotency_decisions_total{outcome=\"unknown_rule\",rule=\"unknown\"} 0",
            "policy_reload_duration_seconds_bucket{outcome=\"applied\",le=\"+Inf\"} 1",
            "xds_streams_denied_total{} 0",
            "limits_refused_total{limit=\"streams_per_connection\",listener=\"extproc\"} 0",
            "limits_connections_active{listener=\"xds\"} 0");

        await using var envoy = await EnvoyLikeClient.ConnectAsync(server.Channel, "public");
        await envoy.ReceiveConfigAsync(TimeSpan.FromMilliseconds(500));
        var synced = await ScrapeAsync(server);

        Assert.Contains("\nxds_convergence_duration_seconds_bucket{type=\"RDS\",le=\"0.0005\"} ", synced, StringComparison.Ordinal);
        AssertLines(synced, "xds_convergence_duration_seconds_count{type=\"RDS\"} 1");
        Assert.Contains("\nxds_push_duration_seconds_bucket{le=\"10\"} ", synced, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_and_runtime_metrics_are_exported()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var server = await RunningServer.StartAsync(policies.Root);

        var metrics = await ScrapeAsync(server);

        Assert.Contains("# TYPE dotnet_process_cpu_time_seconds_total counter", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_process_memory_working_set_bytes gauge", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_gc_collections_total counter", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_otlp_endpoint_that_is_no_http_uri_is_refused_at_start()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningServer.StartAsync(
            policies.Root, settings: new Dictionary<string, string?> { ["ControlPlane:Telemetry:OtlpEndpoint"] = "collector:4317" }));

        Assert.Contains("ControlPlane:Telemetry:OtlpEndpoint must be an absolute http:// or https:// URI (got 'collector:4317')", error.Failures);
    }

    [Fact]
    public async Task An_otlp_endpoint_receives_the_metrics_and_the_scrape_still_answers()
    {
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using var collector = await FakeOtlpCollector.StartAsync();
        var server = await RunningServer.StartAsync(
            policies.Root, settings: new Dictionary<string, string?> { ["ControlPlane:Telemetry:OtlpEndpoint"] = collector.Endpoint });
        await using (server)
        {
            AssertLines(await ScrapeAsync(server), "policy_reloads_total{outcome=\"applied\"} 1");
        }

        // A stopping host flushes its last metrics to the collector: no waiting for the export interval.
        var path = await collector.FirstExport.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("/opentelemetry.proto.collector.metrics.v1.MetricsService/Export", path);
    }

    /// <summary>Each of <paramref name="lines"/> is a whole line of <paramref name="metrics"/>, value included.</summary>
    private static void AssertLines(string metrics, params string[] lines)
    {
        foreach (var line in lines)
        {
            Assert.Contains("\n" + line + "\n", metrics, StringComparison.Ordinal);
        }
    }

    internal static async Task<string> ScrapeAsync(RunningServer server)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Options.DebugPort}") };
        return "\n" + await http.GetStringAsync("/metrics");
    }
}
