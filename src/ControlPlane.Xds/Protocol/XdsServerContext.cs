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
    IXdsStreamAuthorizer authorizer,
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

    /// <summary>Whether a caller may request a node's group; asked once per stream.</summary>
    public IXdsStreamAuthorizer Authorizer { get; } = authorizer;

    /// <summary>Refuses (and counts) the call with PERMISSION_DENIED when the authorizer denies it.</summary>
    public void Authorize(Envoy.Config.Core.V3.Node node, Grpc.Core.ServerCallContext context)
    {
        if (Authorizer.Deny(node, context) is { } reason)
        {
            Metrics.StreamDenied();
            throw new StreamDeniedException(reason);
        }
    }

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;

    /// <summary>Streams end when the host stops, so Envoys reconnect to another replica instead of hanging.</summary>
    public CancellationToken Stopping { get; } = lifetime.ApplicationStopping;
}
