namespace ControlPlane.Xds;

/// <summary>Histogram bucket bounds in seconds, from half a millisecond to ten seconds.</summary>
internal static class LatencyBuckets
{
    // OpenTelemetry's default bounds (0, 5, 10, 25 … 10000) suit milliseconds; ours are seconds (Prometheus' base
    // unit), where nearly every push would fall into the first bucket.
    public static IReadOnlyList<double> Seconds { get; } = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
}
