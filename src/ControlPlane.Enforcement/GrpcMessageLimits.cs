namespace ControlPlane.Enforcement;

/// <summary>
/// Sizes the gRPC receive limit of the ext_proc service. Envoy sends a buffered body in one message, so the limit must
/// exceed the largest policy body plus the message's own headers and framing; Grpc.AspNetCore's 4 MiB default is the floor.
/// </summary>
public static class GrpcMessageLimits
{
    /// <summary>Grpc.AspNetCore's default receive limit, kept as the minimum.</summary>
    public const int Floor = 4 * 1024 * 1024;

    /// <summary>Room for the request headers, attributes and protobuf framing around a body.</summary>
    public const int Headroom = 256 * 1024;

    /// <summary>The receive limit for bodies up to <paramref name="largestMaxBodyBytes"/>.</summary>
    public static int ForLargestBody(long largestMaxBodyBytes) =>
        (int)Math.Clamp(largestMaxBodyBytes + Headroom, Floor, int.MaxValue);

    /// <summary>The largest body a message of <paramref name="receiveLimit"/> bytes carries.</summary>
    public static long LargestBodyThatFits(int receiveLimit) => receiveLimit - (long)Headroom;
}
