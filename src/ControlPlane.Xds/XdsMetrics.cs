using System.Diagnostics.Metrics;

namespace ControlPlane.Xds;

/// <summary>xDS counters on the standard .NET metrics API; the host exports them in Prometheus text format.</summary>
public sealed class XdsMetrics
{
    public const string MeterName = "ControlPlane.Xds";

    private readonly Counter<long> _snapshotsPublished;
    private readonly Counter<long> _snapshotsRejected;
    private readonly UpDownCounter<long> _streamsActive;
    private readonly Counter<long> _responses;
    private readonly Counter<long> _responseBytes;
    private readonly Counter<long> _acks;
    private readonly Counter<long> _nacks;
    private readonly Counter<long> _staleRequests;
    private readonly Counter<long> _badRequests;
    private readonly Counter<long> _streamsRefused;
    private readonly Counter<long> _streamsDenied;
    private readonly UpDownCounter<long> _unknownGroups;

    public XdsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _snapshotsPublished = meter.CreateCounter<long>("xds_snapshots_published", description: "Snapshots published, by gateway group.");
        _snapshotsRejected = meter.CreateCounter<long>("xds_snapshots_rejected", description: "Snapshots refused by the consistency check.");
        _streamsActive = meter.CreateUpDownCounter<long>("xds_streams_active", description: "Open xDS streams.");
        _responses = meter.CreateCounter<long>("xds_responses_sent", description: "Discovery responses sent, by type.");
        _responseBytes = meter.CreateCounter<long>("xds_response_resource_bytes", description: "Resource bytes sent (shared buffers, not re-serialized).");
        _acks = meter.CreateCounter<long>("xds_acks", description: "ACKs received, by type.");
        _nacks = meter.CreateCounter<long>("xds_nacks", description: "NACKs received, by type.");
        _staleRequests = meter.CreateCounter<long>("xds_stale_nonce_requests", description: "Requests ignored for a stale nonce.");
        _badRequests = meter.CreateCounter<long>("xds_bad_requests", description: "Streams ended for a malformed request.");
        _streamsRefused = meter.CreateCounter<long>("xds_streams_refused", description: "Streams refused for naming one more unknown gateway group than ControlPlane:Xds:MaxUnknownGroups allows.");
        _streamsDenied = meter.CreateCounter<long>("xds_streams_denied", description: "Streams and fetches refused with PERMISSION_DENIED: the client certificate may not request the node's gateway group.");
        _unknownGroups = meter.CreateUpDownCounter<long>("xds_unknown_groups", description: "Gateway groups without a snapshot that streams wait on.");
    }

    internal void SnapshotPublished(string group) => _snapshotsPublished.Add(1, new KeyValuePair<string, object?>("group", group));

    internal void SnapshotRejected(string group) => _snapshotsRejected.Add(1, new KeyValuePair<string, object?>("group", group));

    internal void StreamOpened() => _streamsActive.Add(1);

    internal void StreamClosed() => _streamsActive.Add(-1);

    internal void ResponseSent(string typeUrl, long resourceBytes)
    {
        var type = TypeLabel(typeUrl);
        _responses.Add(1, type);
        _responseBytes.Add(resourceBytes, type);
    }

    internal void Ack(string typeUrl) => _acks.Add(1, TypeLabel(typeUrl));

    internal void Nack(string typeUrl) => _nacks.Add(1, TypeLabel(typeUrl));

    // Labels never carry client input: a type is one of the four served, or "other". (Groups come from publishes only.)
    private static KeyValuePair<string, object?> TypeLabel(string typeUrl) =>
        new("type", ResourceTypes.IsKnown(typeUrl) ? ResourceTypes.ShortName(typeUrl) : "other");

    internal void StaleRequest() => _staleRequests.Add(1);

    internal void BadRequest() => _badRequests.Add(1);

    internal void StreamRefused() => _streamsRefused.Add(1);

    internal void StreamDenied() => _streamsDenied.Add(1);

    internal void UnknownGroupsChanged(int change)
    {
        if (change != 0)
        {
            _unknownGroups.Add(change);
        }
    }
}
