namespace ControlPlane.Hosting;

/// <summary>Where metrics go besides <c>/metrics</c> on the admin listener.</summary>
internal sealed class TelemetryOptions
{
    /// <summary>Bound from <c>ControlPlane:Telemetry</c> (e.g. <c>CONTROLPLANE__TELEMETRY__OTLPENDPOINT</c>).</summary>
    public const string Section = "ControlPlane:Telemetry";

    /// <summary>An OTLP/gRPC collector (<c>http://otel-collector:4317</c>) to push metrics to; none by default.</summary>
    public string? OtlpEndpoint { get; set; }
}
