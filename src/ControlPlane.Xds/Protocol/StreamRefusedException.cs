using Grpc.Core;

namespace ControlPlane.Xds.Protocol;

/// <summary>The server declines a stream for its own limits (not the request's fault): RESOURCE_EXHAUSTED.</summary>
internal sealed class StreamRefusedException(string message) : RpcException(new Grpc.Core.Status(StatusCode.ResourceExhausted, message));
