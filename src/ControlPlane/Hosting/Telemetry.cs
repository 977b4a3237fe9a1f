using ControlPlane.Enforcement;
using ControlPlane.Pipeline;
using ControlPlane.Xds;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace ControlPlane.Hosting;

/// <summary>
/// Metrics through OpenTelemetry: our meters plus the runtime's, scraped as Prometheus text on the admin listener
/// and, when <see cref="TelemetryOptions.OtlpEndpoint"/> is set, pushed over OTLP.
/// </summary>
internal static class Telemetry
{
    private static readonly string[] OwnMeters = [XdsMetrics.MeterName, EnforcementMetrics.MeterName, PipelineMetrics.MeterName];

    // The runtime's own meter (.NET 9+): GC, JIT, thread pool, and the process's CPU time and working set, with no
    // extra (prerelease) instrumentation package.
    private const string RuntimeMeter = "System.Runtime";

    public static void AddControlPlaneTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.Section));
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        var otlp = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>()?.OtlpEndpoint;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("idempotency-control-plane"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(OwnMeters).AddMeter(RuntimeMeter);

                // Deferred: the view needs this host's meter factory, known once its services are built.
                ((IDeferredMeterProviderBuilder)metrics).Configure(new OwnHostMetricsOnly(OwnMeters).Configure);

                // Every scrape sees the latest values: a cached answer would hide a reload just counted.
                // Our names already say which component counts (xds_, idempotency_, policy_): no otel_scope_name
                // label on every series.
                metrics.AddPrometheusExporter(prometheus =>
                {
                    prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
                    prometheus.ScopeInfoEnabled = false;
                });
                if (otlp is not null && TelemetryOptionsValidator.IsHttpUri(otlp))
                {
                    metrics.AddOtlpExporter(exporter => exporter.Endpoint = new Uri(otlp));
                }
            });
    }

    /// <summary>
    /// Starts the meter provider before any component records: the series our metrics classes set to zero at
    /// construction are only seen by a listener that already exists.
    /// </summary>
    public static void StartTelemetry(this WebApplication app) => app.Services.GetRequiredService<MeterProvider>();
}
