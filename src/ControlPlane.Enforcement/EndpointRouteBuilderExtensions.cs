using ControlPlane.Enforcement.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace ControlPlane.Enforcement;

public static class EndpointRouteBuilderExtensions
{
    /// <summary>Maps <c>envoy.service.ext_proc.v3.ExternalProcessor/Process</c> (needs HTTP/2 on the listening port).</summary>
    public static GrpcServiceEndpointConventionBuilder MapIdempotencyEnforcement(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGrpcService<ExtProcService>();
}
