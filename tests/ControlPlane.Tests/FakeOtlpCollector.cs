using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Tests;

/// <summary>An OTLP/gRPC endpoint on loopback that records the path of the first request it gets (HTTP/2 cleartext, as the exporter dials it).</summary>
internal sealed class FakeOtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource<string> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeOtlpCollector(WebApplication app) => _app = app;

    public string Endpoint { get; private set; } = "";

    public Task<string> FirstExport => _first.Task;

    public static async Task<FakeOtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        var collector = new FakeOtlpCollector(builder.Build());
        collector._app.Run(context =>
        {
            collector._first.TrySetResult(context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        await collector._app.StartAsync();
        collector.Endpoint = collector._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return collector;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
