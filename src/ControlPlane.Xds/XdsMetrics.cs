using System.Diagnostics.Metrics;
using System.Collections.Immutable;

namespace ControlPlane.Xds;

/// <summary>
/// xDS instruments on the standard .NET metrics API (so dotnet-counters and OpenTelemetry see them). Recording is on
/// the push path, once per response and ACK: every tag is a cached <see cref="KeyValuePair{TKey, TValue}"/>, nothing is
/// formatted or allocated per measurement.
/// </summary>
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
    private readonly Histogram<double> _pushDuration;
    private readonly Histogram<double> _convergence;

    // Tags of the types served, by their type URL's position in ResourceTypes.AdditionOrder; then "other".
    private static readonly ImmutableArray<KeyValuePair<string, object?>> TypeTags =
        [.. ResourceTypes.AdditionOrder.Select(t => new KeyValuePair<string, object?>("type", ResourceTypes.ShortName(t))), new("type", "other")];

    public XdsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _snapshotsPublished = meter.CreateCounter<long>("xds_snapshots_published", description: "Snapshots published, by gateway group.");
        _snapshotsRejected = meter.CreateCounter<long>("xds_snapshots_rejected", description: "Snapshots refused by the consistency check.");
        _streamsActive = meter.CreateUpDownCounter<long>("xds_streams_active", description: "Open xDS streams, by variant (sotw, delta) and service (ADS, CDS, EDS, LDS, RDS).");
        _responses = meter.CreateCounter<long>("xds_responses_sent", description: "Discovery responses sent, by type.");
        _responseBytes = meter.CreateCounter<long>("xds_response_resource_bytes", description: "Resource bytes sent (shared buffers, not re-serialized).");
        _acks = meter.CreateCounter<long>("xds_acks", description: "ACKs received, by type.");
        _nacks = meter.CreateCounter<long>("xds_nacks", description: "NACKs received, by type.");
        _staleRequests = meter.CreateCounter<long>("xds_stale_nonce_requests", description: "Requests ignored for a stale nonce.");
        _badRequests = meter.CreateCounter<long>("xds_bad_requests", description: "Streams ended for a malformed request.");
        _streamsRefused = meter.CreateCounter<long>("xds_streams_refused", description: "Streams refused for naming one more unknown gateway group than ControlPlane:Xds:MaxUnknownGroups allows.");
        _streamsDenied = meter.CreateCounter<long>("xds_streams_denied", description: "Streams and fetches refused with PERMISSION_DENIED: the client certificate may not request the node's gateway group.");
        _unknownGroups = meter.CreateUpDownCounter<long>("xds_unknown_groups", description: "Gateway groups without a snapshot that streams wait on.");
        var buckets = new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets.Seconds };
        _pushDuration = meter.CreateHistogram("xds_push_duration", unit: "s", description: "Time to write one push (the responses of one flush) to a stream.", advice: buckets);
        _convergence = meter.CreateHistogram(
            "xds_convergence_duration",
            unit: "s",
            description: "From a snapshot's publish (or the stream's first request, if later) to the node's ACK of what it was sent, by type.",
            advice: buckets);
        SeedZeros();
    }

    internal void SnapshotPublished(string group)
    {
        var tag = new KeyValuePair<string, object?>("group", group);
        _snapshotsPublished.Add(1, tag);

        // A published group's rejection series exists from then on, at zero (publishes are rare: no hot path).
        _snapshotsRejected.Add(0, tag);
    }

    internal void SnapshotRejected(string group) => _snapshotsRejected.Add(1, new KeyValuePair<string, object?>("group", group));

    internal void StreamOpened(in StreamTags stream) => _streamsActive.Add(1, stream.Variant, stream.Service);

    internal void StreamClosed(in StreamTags stream) => _streamsActive.Add(-1, stream.Variant, stream.Service);

    internal void ResponseSent(string typeUrl, long resourceBytes)
    {
        var type = TypeLabel(typeUrl);
        _responses.Add(1, type);
        _responseBytes.Add(resourceBytes, type);
    }

    internal void Ack(string typeUrl, TimeSpan sinceDue)
    {
        var type = TypeLabel(typeUrl);
        _acks.Add(1, type);
        _convergence.Record(sinceDue.TotalSeconds, type);
    }

    internal void Pushed(TimeSpan duration) => _pushDuration.Record(duration.TotalSeconds);

    internal void Nack(string typeUrl) => _nacks.Add(1, TypeLabel(typeUrl));

    // Labels never carry client input: a type is one of the four served, or "other". (Groups come from publishes only.)
    private static KeyValuePair<string, object?> TypeLabel(string typeUrl) =>
        ResourceTypes.IndexOf(typeUrl) is var index and >= 0 ? TypeTags[index] : TypeTags[^1];

    /// <summary>
    /// Every series with a fixed label set exists from the start, at zero: a rate over a counter that appears only
    /// with its first increment misses that increment, and an alert on NACKs cannot tell "none" from "not exported".
    /// </summary>
    private void SeedZeros()
    {
        foreach (var type in TypeTags)
        {
            _responses.Add(0, type);
            _responseBytes.Add(0, type);
            _acks.Add(0, type);
            _nacks.Add(0, type);
        }

        foreach (var stream in StreamTags.All)
        {
            _streamsActive.Add(0, stream.Variant, stream.Service);
        }

        _staleRequests.Add(0);
        _badRequests.Add(0);
        _streamsRefused.Add(0);
        _streamsDenied.Add(0);
        _unknownGroups.Add(0);
    }

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
