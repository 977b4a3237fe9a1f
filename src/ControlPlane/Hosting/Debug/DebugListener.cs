using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Net.Http.Headers;

namespace ControlPlane.Hosting.Debug;

/// <summary>
/// The debug listener: /status and /metrics (and later debug endpoints) on their own port and address, so the
/// probes' port can be reachable by the kubelet without exposing what the control plane knows.
/// </summary>
internal static class DebugListener
{
    public static void Listen(KestrelServerOptions kestrel, ServeOptions options, ListenerBinding listeners) =>
        kestrel.Listen(IPAddress.Parse(options.DebugBind), options.DebugPort, l =>
        {
            l.Protocols = HttpProtocols.Http1;
            listeners.Add(Listener.Debug, l);
        });

    /// <summary>With a token configured, every debug endpoint answers 401 unless the request carries it.</summary>
    public static TBuilder RequireDebugToken<TBuilder>(this TBuilder builder, DebugToken? token)
        where TBuilder : IEndpointConventionBuilder
    {
        if (token is null)
        {
            return builder;
        }

        builder.AddEndpointFilter(async (context, next) =>
        {
            if (token.Accepts(context.HttpContext.Request.Headers.Authorization))
            {
                return await next(context).ConfigureAwait(false);
            }

            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Text("unauthorized: send 'Authorization: Bearer <token>' (ControlPlane:Debug:Token)\n", statusCode: StatusCodes.Status401Unauthorized);
        });
        return builder;
    }
}
