using ControlPlane.Pipeline;
using ControlPlane.Xds.Cache;
using ControlPlane.Xds.Status;

namespace ControlPlane.Admin;

/// <summary>
/// Liveness and readiness for the admin port, which the kubelet reaches; sync status and metrics for the debug port,
/// which only the operator should. Plain HTTP/1.1 for probes and scrapers.
/// </summary>
internal static class AdminEndpoints
{
    public static RouteGroupBuilder MapProbes(this WebApplication app)
    {
        var admin = app.MapGroup("");

        admin.MapGet("/healthz", () => Results.Text("ok\n"));

        // Ready once the first good policy set is being served; a later bad edit does not make a serving replica unready.
        admin.MapGet("/readyz", (PipelineStatus status) => status.LastGood is not null
            ? Results.Text("ready\n")
            : Results.Text("not ready: no valid policy set loaded yet\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        return admin;
    }

    public static RouteGroupBuilder MapDebug(this WebApplication app)
    {
        var admin = app.MapGroup("");

        admin.MapGet("/status", (PipelineStatus status, IServiceProvider services) => Results.Json(
            StatusDocumentBuilder.Build(status, services.GetService<ISnapshotCache>(), services.GetService<NodeStatusRegistry>(), services.GetService<ControlPlane.Enforcement.StoreHealth>()),
            StatusJson.Default.StatusDocument));

        admin.MapPrometheusScrapingEndpoint("/metrics");
        return admin;
    }
}
