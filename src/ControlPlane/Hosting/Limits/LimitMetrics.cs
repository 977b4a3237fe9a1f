using System.Diagnostics.Metrics;
using ControlPlane.Pipeline;

namespace ControlPlane.Hosting.Limits;

/// <summary>Counts every refusal by listener and limit, and the open connections per listener.</summary>
internal sealed class LimitMetrics
{
    private readonly Counter<long> _refused;
    private readonly UpDownCounter<long> _connections;

    public LimitMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(PipelineMetrics.MeterName);
        _refused = meter.CreateCounter<long>("limits_refused", description: "Connections and streams refused over a limit, by listener (xds, extproc) and limit (connections, streams_per_connection, requests_per_second, request_size).");
        _connections = meter.CreateUpDownCounter<long>("limits_connections_active", description: "Open connections per listener (xds, extproc), as counted against MaxConnections.");

        // Every series from the start, at zero, so a rate or an alert sees the first refusal.
        foreach (var listener in new[] { Listener.Xds, Listener.ExtProc })
        {
            foreach (var limit in Enum.GetValues<LimitKind>())
            {
                _refused.Add(0, Tag(listener), Limit(limit));
            }

            _connections.Add(0, Tag(listener));
        }
    }

    public void Refused(Listener listener, LimitKind limit) => _refused.Add(1, Tag(listener), Limit(limit));

    public void ConnectionOpened(Listener listener) => _connections.Add(1, Tag(listener));

    public void ConnectionClosed(Listener listener) => _connections.Add(-1, Tag(listener));

    private static KeyValuePair<string, object?> Limit(LimitKind limit) => new("limit", limit switch
    {
        LimitKind.Connections => "connections",
        LimitKind.StreamsPerConnection => "streams_per_connection",
        LimitKind.RequestSize => "request_size",
        _ => "requests_per_second",
    });

    private static KeyValuePair<string, object?> Tag(Listener listener) =>
        new("listener", listener == Listener.Xds ? "xds" : "extproc");
}

internal enum LimitKind
{
    Connections,
    StreamsPerConnection,
    RequestsPerSecond,
    RequestSize,
}
