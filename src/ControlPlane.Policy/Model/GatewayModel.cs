using System.Collections.Immutable;
using ControlPlane.Ir;
using ControlPlane.Policy.Diagnostics;

namespace ControlPlane.Policy.Model;

/// <summary>
/// A Gateway document as read. Names are empty when missing (already reported); other invalid values fall back to
/// defaults, which is harmless because any error prevents compilation.
/// </summary>
/// <param name="At">Where <c>metadata.name</c> is written.</param>
/// <param name="Clean">No problem was found inside the document; value checks across documents run only then.</param>
internal sealed record GatewayModel(
    string Name,
    SourceRef At,
    ImmutableArray<ListenerModel> Listeners,
    RequestIdIr RequestId,
    ImmutableArray<UpstreamModel> Upstreams,
    ImmutableArray<RouteModel> Routes,
    EnforcementServiceIr Enforcement,
    SourceRef MaxMessageTimeoutAt,
    bool Clean);

/// <param name="Port">0 when missing or invalid.</param>
internal sealed record ListenerModel(string Name, SourceRef At, string Address, int Port, SourceRef PortAt, uint? BufferLimitBytes);

internal sealed record UpstreamModel(string Name, SourceRef At, ImmutableArray<EndpointIr> Endpoints, TimeSpan ConnectTimeout, bool Http2);

/// <param name="Upstream">Empty when missing.</param>
internal sealed record RouteModel(
    string Name,
    SourceRef At,
    ImmutableArray<string> Hosts,
    PathMatchIr Path,
    ImmutableArray<HeaderMatchIr> Headers,
    string Upstream,
    SourceRef UpstreamAt,
    TimeSpan? Timeout);
