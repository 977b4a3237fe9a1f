using System.Diagnostics.Metrics;
using ControlPlane.Pipeline;

namespace ControlPlane.Hosting.Tls;

/// <summary>Certificate reloads and refused ext_proc callers; exported with the host's other meters.</summary>
internal sealed class TlsMetrics
{
    private readonly Counter<long> _reloads;
    private readonly Counter<long> _extProcDenied;

    public TlsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(PipelineMetrics.MeterName);
        _reloads = meter.CreateCounter<long>("tls_certificate_reloads", description: "Reloads of the TLS files after a change, by outcome (applied, failed: the previous certificate keeps serving).");
        _extProcDenied = meter.CreateCounter<long>("extproc_calls_denied", description: "ext_proc calls refused with PERMISSION_DENIED: the client certificate matches no ControlPlane:Tls:Identities entry.");
    }

    /// <summary>
    /// Every series at zero, as the other fixed series. Called once the exporter listens: the certificates (and these
    /// metrics) are created while Kestrel is configured, before it does, and a measurement nobody listens to is lost.
    /// </summary>
    public void PublishZeros()
    {
        _reloads.Add(0, new KeyValuePair<string, object?>("outcome", "applied"));
        _reloads.Add(0, new KeyValuePair<string, object?>("outcome", "failed"));
        _extProcDenied.Add(0);
    }

    public void Reloaded(bool applied) => _reloads.Add(1, new KeyValuePair<string, object?>("outcome", applied ? "applied" : "failed"));

    public void ExtProcDenied() => _extProcDenied.Add(1);
}
