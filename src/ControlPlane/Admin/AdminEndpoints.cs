using System.Text.Json;
using System.Text.Json.Serialization;
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
    // Null fields are left out: a rejected reload shows no versions, because it produced none.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

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

        admin.MapGet("/status", (PipelineStatus status, IServiceProvider services) =>
        {
            var cache = services.GetService<ISnapshotCache>();
            var nodes = services.GetService<NodeStatusRegistry>();
            var body = new
            {
                reload = status.Latest,
                serving = status.LastGood,
                groups = cache?.Groups.Order(StringComparer.Ordinal).Select(g => new { group = g, version = cache.Get(g)?.Version }),
                nodes = nodes?.Snapshot(),
                store = services.GetService<ControlPlane.Enforcement.StoreHealth>()?.Snapshot(),
            };
            return Results.Json(body, Json);
        });

        admin.MapGet("/metrics", (PrometheusExporter exporter) => Results.Text(exporter.Render(), "text/plain; version=0.0.4"));
        return admin;
    }
}
