using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace ControlPlane.Benchmarks;

/// <summary>
/// Metrics on as the host runs them (src/ControlPlane/Hosting/Telemetry.cs): OpenTelemetry's SDK aggregating our
/// meter for its Prometheus reader. The recording cost is the SDK's aggregation, whether or not anyone scrapes.
/// </summary>
internal static class BenchmarkTelemetry
{
    public static IServiceCollection AddMetricsOn(this IServiceCollection services, string meterName)
    {
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(meterName).AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);

            // As the host does: a provider subscribes by meter name, process-wide, and would otherwise also aggregate
            // the measurements of the metrics-off engine running beside it, making "off" pay for "on".
            ((IDeferredMeterProviderBuilder)metrics).Configure((provider, builder) =>
            {
                var ours = provider.GetRequiredService<IMeterFactory>();
                builder.AddView(instrument => ReferenceEquals(instrument.Meter.Scope, ours) ? null : MetricStreamConfiguration.Drop);
            });
        });
        return services;
    }

    /// <summary>Builds the meter provider now: a host starts it before anything records, a bare provider on first use.</summary>
    public static void StartMetrics(this IServiceProvider services) => services.GetService<MeterProvider>();

    /// <summary><c>--metrics on|off|both</c>: on by default, as the product runs; both measures the cost.</summary>
    public static string Mode(string[] args)
    {
        var index = Array.IndexOf(args, "--metrics");
        var mode = index >= 0 && index + 1 < args.Length ? args[index + 1] : "on";
        return mode is "on" or "off" or "both" ? mode : throw new ArgumentException($"--metrics must be on, off or both (got '{mode}')");
    }
}
