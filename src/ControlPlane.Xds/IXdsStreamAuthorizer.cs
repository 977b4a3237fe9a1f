using Envoy.Config.Core.V3;
using Grpc.Core;

namespace ControlPlane.Xds;

/// <summary>
/// Decides whether a caller may receive the config of the gateway group its node names. Asked once per stream, on the
/// first request (the one that carries the node), and on every unary fetch; the host binds it to the client
/// certificate. The default allows everything.
/// </summary>
public interface IXdsStreamAuthorizer
{
    /// <returns>null to allow; otherwise the reason, sent to the client with PERMISSION_DENIED.</returns>
    string? Deny(Node node, ServerCallContext context);
}

/// <summary>No identity is checked: plain-text xDS, or TLS without client certificates.</summary>
internal sealed class AllowAllStreams : IXdsStreamAuthorizer
{
    public string? Deny(Node node, ServerCallContext context) => null;
}
