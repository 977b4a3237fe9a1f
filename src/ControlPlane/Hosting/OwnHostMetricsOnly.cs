using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace ControlPlane.Hosting;

/// <summary>
/// Drops the instruments of our meters that another host created. OpenTelemetry subscribes to meters by name,
/// process-wide: without this, a host would also export the instruments of another host in the same process (tests
/// run several), summed into its own series. The runtime's meter is process-wide by nature and kept.
/// </summary>
internal sealed class OwnHostMetricsOnly(IReadOnlyCollection<string> ownMeters)
{
    public void Configure(IServiceProvider serviceProvider, MeterProviderBuilder meterProviderBuilder)
    {
        var ours = serviceProvider.GetRequiredService<IMeterFactory>();
        meterProviderBuilder.AddView(instrument => ownMeters.Contains(instrument.Meter.Name) && !ReferenceEquals(instrument.Meter.Scope, ours)
            ? MetricStreamConfiguration.Drop
            : null);
    }
}
