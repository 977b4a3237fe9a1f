using Grpc.Core;

namespace ControlPlane.Xds.Protocol;

/// <summary>The caller's identity may not request the node's gateway group: PERMISSION_DENIED.</summary>
internal sealed class StreamDeniedException(string message) : RpcException(new Grpc.Core.Status(StatusCode.PermissionDenied, message));
