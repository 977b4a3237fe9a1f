using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ControlPlane.Hosting;

/// <summary>
/// Ties endpoints to the Kestrel listener a connection arrived on, by the connection's local port. Never by the
/// Host header: Envoy's gRPC client sends <c>:authority</c> = the cluster name (no port), and behind a Kubernetes
/// Service or a port-forward the port Envoy dials is not the one we listen on.
/// </summary>
internal sealed class ListenerBinding
{
    private readonly Dictionary<Listener, ListenOptions> _listeners = [];

    /// <summary>Records where <paramref name="listener"/> listens; Kestrel fills in the real port when it binds port 0.</summary>
    public void Add(Listener listener, ListenOptions options) => _listeners.Add(listener, options);

    public int PortOf(Listener listener) => ((IPEndPoint)_listeners[listener].EndPoint).Port;

    public bool Accepts(Listener listener, HttpContext context) =>
        _listeners.ContainsKey(listener) && context.Connection.LocalPort == PortOf(listener);
}

/// <summary>Endpoint metadata: the listener an endpoint belongs to.</summary>
internal sealed record ServedOn(Listener Listener);

internal static class ListenerBindingExtensions
{
    public static TBuilder ServedOn<TBuilder>(this TBuilder builder, Listener listener)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ServedOn(listener));

    /// <summary>
    /// Answers 404 for an endpoint reached on another listener's port (gRPC clients see UNIMPLEMENTED), as a request
    /// to a path that does not exist would be. Runs after routing, before the endpoint.
    /// </summary>
    public static void UseListenerBinding(this WebApplication app, ListenerBinding binding) =>
        app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<ServedOn>() is { } served && !binding.Accepts(served.Listener, context))
            {
                context.SetEndpoint(null);
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
}
