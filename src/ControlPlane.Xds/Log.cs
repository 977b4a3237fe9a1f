using Microsoft.Extensions.Logging;

namespace ControlPlane.Xds;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Published snapshot {Version} for gateway group '{Group}' ({Changed} resources changed).")]
    public static partial void SnapshotPublished(ILogger logger, string group, string version, int changed);

    [LoggerMessage(2, LogLevel.Error, "Refused inconsistent snapshot {Version} for gateway group '{Group}'; the previous snapshot keeps serving. {Count} errors: {Errors}")]
    public static partial void SnapshotRejected(ILogger logger, string group, string version, int count, string errors);

    [LoggerMessage(3, LogLevel.Information, "Gateway group '{Group}' removed.")]
    public static partial void GroupRemoved(ILogger logger, string group);

    [LoggerMessage(4, LogLevel.Debug, "Stream {StreamId} opened by node '{NodeId}' of group '{Group}' ({Service} {Variant}) from {Peer}.")]
    public static partial void StreamOpened(ILogger logger, long streamId, string nodeId, string group, string service, string variant, string peer);

    [LoggerMessage(5, LogLevel.Debug, "Stream {StreamId} closed.")]
    public static partial void StreamClosed(ILogger logger, long streamId);

    [LoggerMessage(6, LogLevel.Warning, "Stream {StreamId} of node '{NodeId}' ({Peer}) rejected {Type} version {Version}: {Error}. It is not sent again to this stream, nor to a new stream of the node that still holds what this one held.")]
    public static partial void Nack(ILogger logger, long streamId, string nodeId, string peer, string type, string version, string error);

    [LoggerMessage(7, LogLevel.Warning, "Stream {StreamId} ended: {Reason}")]
    public static partial void BadRequest(ILogger logger, long streamId, string reason);

    [LoggerMessage(8, LogLevel.Debug, "Stream {StreamId}: ignored {Type} request with stale nonce '{Nonce}'.")]
    public static partial void StaleNonce(ILogger logger, long streamId, string type, string nonce);

    [LoggerMessage(9, LogLevel.Information, "Stream {StreamId} of node '{NodeId}' holds what an earlier stream of the node held when it rejected {Type} version {Version}: that version is held back.")]
    public static partial void RejectionInherited(ILogger logger, long streamId, string nodeId, string type, string version);

    [LoggerMessage(10, LogLevel.Debug, "Stream {StreamId} from {Peer} refused: {Reason}")]
    public static partial void StreamRefused(ILogger logger, long streamId, string peer, string reason);

    [LoggerMessage(11, LogLevel.Warning, "Stream {StreamId} from {Peer} denied: {Reason}")]
    public static partial void StreamDenied(ILogger logger, long streamId, string peer, string reason);
}
