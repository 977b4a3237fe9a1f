using System.Globalization;
using System.Net;
using ControlPlane.Enforcement;
using ControlPlane.Ir;
using Envoy.Config.Core.V3;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Benchmarks;

/// <summary>The enforcement paths through the real ext_proc service: one gRPC stream per request, as Envoy opens them.</summary>
internal static class EnforcementBenchmarkGrpc
{
    /// <returns>The first-request row.</returns>
    public static async Task<EnforcementBenchmark.Row> RunAsync(Action<EnforcementOptions> configure, string store, int iterations, bool metrics)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddIdempotencyEnforcement(options =>
        {
            configure(options);
            options.RedisKeyPrefix = "bench-grpc:";
        });
        if (metrics)
        {
            builder.Services.AddMetricsOn(EnforcementMetrics.MeterName);
        }

        await using var app = builder.Build();
        app.MapIdempotencyEnforcement();
        await app.StartAsync();
        app.Services.GetRequiredService<IdempotencyRuleRegistry>().Update([EnforcementBenchmark.Rule]);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var channel = GrpcChannel.ForAddress(address);
        var client = new ExternalProcessor.ExternalProcessorClient(channel);

        var first = await EnforcementBenchmark.MeasureAsync($"{store} via gRPC: first request", iterations, i => ExchangeAsync(client, i, replay: false));
        await EnforcementBenchmark.MeasureAsync($"{store} via gRPC: replay", iterations, _ => ExchangeAsync(client, 0, replay: true));
        await app.StopAsync();
        return first;
    }

    private static async Task ExchangeAsync(ExternalProcessor.ExternalProcessorClient client, int i, bool replay)
    {
        using var call = client.Process(new Grpc.Core.Metadata { { EnforcementContract.RuleMetadataHeader, EnforcementBenchmark.Rule.Name } });
        await SendAsync(call, new ProcessingRequest
        {
            RequestHeaders = new HttpHeaders
            {
                Headers = Map((":method", "POST"), (":path", "/payments"), ("x-tenant-id", "tenant-1"), ("idempotency-key", EnforcementBenchmark.KeyFor(i)),
                    ("content-length", EnforcementBenchmark.Body.Length.ToString(CultureInfo.InvariantCulture))),
            },
        });
        var answer = await SendAsync(call, new ProcessingRequest { RequestBody = new HttpBody { Body = ByteString.CopyFrom(EnforcementBenchmark.Body), EndOfStream = true } });
        if (replay != (answer.ResponseCase == ProcessingResponse.ResponseOneofCase.ImmediateResponse))
        {
            throw new InvalidOperationException($"unexpected answer {answer.ResponseCase}");
        }

        if (!replay)
        {
            await SendAsync(call, new ProcessingRequest
            {
                ResponseHeaders = new HttpHeaders { Headers = Map((":status", "201"), ("content-type", "application/json")) },
            });
            await SendAsync(call, new ProcessingRequest { ResponseBody = new HttpBody { Body = ByteString.CopyFromUtf8("{\"id\":\"pay_1\"}"), EndOfStream = true } });
        }

        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext())
        {
        }
    }

    private static async Task<ProcessingResponse> SendAsync(AsyncDuplexStreamingCall<ProcessingRequest, ProcessingResponse> call, ProcessingRequest message)
    {
        await call.RequestStream.WriteAsync(message);
        if (!await call.ResponseStream.MoveNext())
        {
            throw new InvalidOperationException("stream ended early");
        }

        return call.ResponseStream.Current;
    }

    private static HeaderMap Map(params (string Name, string Value)[] headers)
    {
        var map = new HeaderMap();
        foreach (var (name, value) in headers)
        {
            map.Headers.Add(new HeaderValue { Key = name, RawValue = ByteString.CopyFromUtf8(value) });
        }

        return map;
    }
}
