using System.Diagnostics.Metrics;
using System.Net;
using ControlPlane.Enforcement.Stores;
using ControlPlane.Ir;
using Envoy.Service.ExtProc.V3;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ControlPlane.Testing;

namespace ControlPlane.Enforcement.Tests.Infrastructure;

/// <summary>
/// The enforcement service hosted as the product hosts it: Kestrel on 127.0.0.1, a free port, HTTP/2 cleartext, the
/// same registration calls; plus a real gRPC channel to it.
/// </summary>
internal sealed class ExtProcTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private ExtProcTestHost(WebApplication app, GrpcChannel channel, ErrorLogCollector logs)
    {
        _app = app;
        _channel = channel;
        Logs = logs;
        Client = new ExternalProcessor.ExternalProcessorClient(channel);
        Decisions = new DecisionRecorder(app.Services.GetRequiredService<IMeterFactory>());
    }

    public ExternalProcessor.ExternalProcessorClient Client { get; }

    public GrpcChannel Channel => _channel;

    public DecisionRecorder Decisions { get; }

    public ErrorLogCollector Logs { get; }

    /// <summary>What each call looked like on the server's side of the wire.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<SeenCall> Seen { get; private init; } = new();

    public IdempotencyRuleRegistry Rules => _app.Services.GetRequiredService<IdempotencyRuleRegistry>();

    public IIdempotencyStore Store => _app.Services.GetRequiredService<IIdempotencyStore>();

    public static Task<ExtProcTestHost> StartAsync(Action<EnforcementOptions> configure, TimeProvider? time = null, params IdempotencyRuleIr[] rules) =>
        StartAsync(configure, services: null, time, rules);

    /// <param name="services">Registrations made before the service's own, e.g. a store of the test's choosing.</param>
    public static async Task<ExtProcTestHost> StartAsync(Action<EnforcementOptions> configure, Action<IServiceCollection>? services, TimeProvider? time, params IdempotencyRuleIr[] rules)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var logs = new ErrorLogCollector();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        services?.Invoke(builder.Services);
        builder.Services.AddIdempotencyEnforcement(configure);
        var app = builder.Build();
        var seen = new System.Collections.Concurrent.ConcurrentQueue<SeenCall>();
        app.Use((context, next) =>
        {
            var headers = context.Request.Headers;
            seen.Enqueue(new SeenCall(
                context.Request.Host.Value ?? "",
                headers.UserAgent.ToString(),
                headers.TE.ToString(),
                headers.ContentType.ToString(),
                headers[EnforcementContract.FailureModeMetadataHeader].ToString(),
                headers[EnforcementContract.MessageTimeoutMetadataHeader].ToString()));
            return next(context);
        });
        app.MapIdempotencyEnforcement();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var host = new ExtProcTestHost(app, EnvoyGrpcChannel.Create(new Uri(address).Port, EnvoyGrpcChannel.EnforcementCluster), logs) { Seen = seen };
        host.Rules.Update([.. rules]);
        return host;
    }

    /// <summary>The port Kestrel listens on (a forwarder in front of it makes the client dial another).</summary>
    public int Port => new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;

    public IServiceProvider Services => _app.Services;

    public FakeEnvoy Envoy(IdempotencyRuleIr rule) => new(Client, rule.Name, rule.NeedsRequestBody, rule.FailureMode);

    public void AssertNoErrors() => Assert.False(Logs.Errors.Any(), string.Join(Environment.NewLine, Logs.Errors));

    public async ValueTask DisposeAsync()
    {
        Decisions.Dispose();
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The request headers of one gRPC call, as the server received them.</summary>
internal sealed record SeenCall(string Authority, string UserAgent, string Te, string ContentType, string FailureMode, string MessageTimeoutMs);
