namespace ControlPlane.Hosting.Tls;

/// <summary>
/// The enforcement port under mutual TLS: each call whose client certificate matches no identity entry is answered
/// PERMISSION_DENIED (a gRPC trailers-only response) before it reaches the service, and counted.
/// </summary>
internal static class ExtProcIdentityCheck
{
    private const string PermissionDenied = "7";

    public static void UseExtProcIdentityCheck(this WebApplication app, ListenerBinding listeners)
    {
        if (app.Services.GetService<Microsoft.Extensions.Options.IOptions<TlsOptions>>()?.Value is not { Mutual: true })
        {
            return;
        }

        var identities = app.Services.GetRequiredService<CertificateIdentities>();
        var metrics = app.Services.GetRequiredService<TlsMetrics>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ControlPlane.Tls");
        app.Use((context, next) =>
        {
            if (!listeners.Accepts(Listener.ExtProc, context) || context.Connection.ClientCertificate is { } certificate && identities.AllowsAny(certificate))
            {
                return next(context);
            }

            metrics.ExtProcDenied();
            var sans = context.Connection.ClientCertificate is { } presented ? SubjectAltNames.Of(presented) : [];
            TlsLog.ExtProcDenied(logger, context.Connection.RemoteIpAddress?.ToString() ?? "?", CertificateStreamAuthorizer.Describe(sans));
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = PermissionDenied;
            context.Response.Headers["grpc-message"] = "the client certificate matches no ControlPlane:Tls:Identities entry";
            return Task.CompletedTask;
        });
    }
}
