using ControlPlane.Xds.Cache;
using ControlPlane.Xds.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Xds.Protocol;

/// <summary>What every stream shares: the cache, node status, limits, metrics.</summary>
internal sealed class XdsServerContext(
    SnapshotCache cache,
    NodeStatusRegistry nodes,
    RejectionMemory rejections,
    RequestValidator validator,
    XdsMetrics metrics,
    StreamIds ids,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<XdsServerContext> logger)
{
    public SnapshotCache Cache { get; } = cache;

    public NodeStatusRegistry Nodes { get; } = nodes;

    /// <summary>What nodes rejected, kept past their streams.</summary>
    public RejectionMemory Rejections { get; } = rejections;

    public RequestValidator Validator { get; } = validator;

    public XdsMetrics Metrics { get; } = metrics;

    public StreamIds Ids { get; } = ids;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;

    /// <summary>Streams end when the host stops, so Envoys reconnect to another replica instead of hanging.</summary>
    public CancellationToken Stopping { get; } = lifetime.ApplicationStopping;
}
