using System.Collections.Concurrent;
using ControlPlane.Hosting;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Tests;

/// <summary>
/// The enforcement service never logs an idempotency key, a scope header's value or a body, at any level: keys reach
/// the store only as hashes, and a log line is read by more people than the requests it describes.
/// </summary>
public sealed class EnforcementLogSecrecyTests
{
    private const string HeaderKey = "hdr-secret-key-4471";
    private const string Tenant = "tenant-secret-5582";
    private const string BodyKey = "body_secret_key_6693";
    private const string BodyText = "body-secret-text-7704";

    [Fact]
    public async Task No_log_line_holds_a_key_a_scope_value_or_a_body()
    {
        var logs = new LineCapture();
        using var policies = new PolicyDirectory().WithExamplePolicies();
        await using (var server = await RunningServer.StartAsync(
            policies.Root,
            ServerRole.ExtProc,
            customize: services => services.AddSingleton<ILoggerProvider>(logs),
            settings: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" }))
        {
            using var channel = server.EnforcementChannel();
            await ServeEnforcementTests.SendHeadersAsync(channel, "create-session", ("x-tenant-id", Tenant), ("idempotency-key", $"\"{HeaderKey}\""));
            await ServeEnforcementTests.SendHeadersAsync(channel, "create-session", ("x-tenant-id", Tenant), ("idempotency-key", $"\"{HeaderKey}\""));
            await ServeEnforcementTests.SendHeadersAsync(channel, "create-session", ("x-tenant-id", Tenant), ("idempotency-key", $"\"{new string('k', 300)}{HeaderKey}\""));
            await SendBodyAsync(channel, $"{{\"vendor_data\": \"{BodyKey}\", \"note\": \"{BodyText}\"}}");
            await SendBodyAsync(channel, $"{{\"vendor_data\": \"{BodyKey}!\", \"note\": \"{BodyText}\"}}");
            await SendBodyAsync(channel, $"not json {BodyText}");
        }

        Assert.Contains(logs.Lines, l => l.Contains("Idempotency rules updated", StringComparison.Ordinal));
        foreach (var secret in new[] { HeaderKey, Tenant, BodyKey, BodyText })
        {
            Assert.DoesNotContain(logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }

    /// <summary>A PATCH whose key is a body field: headers, then the buffered body, as Envoy sends them.</summary>
    private static async Task SendBodyAsync(Grpc.Net.Client.GrpcChannel channel, string body)
    {
        var client = new ExternalProcessor.ExternalProcessorClient(channel);
        var metadata = new Grpc.Core.Metadata { { "x-idempotency-policy", "update-proof-of-address" }, { "x-idempotency-route", "update-proof-of-address" } };
        using var call = client.Process(metadata);
        var headers = new Envoy.Config.Core.V3.HeaderMap();
        foreach (var (name, value) in new[] { (":method", "PATCH"), (":path", "/v1/users/u1/proof-of-address"), (":authority", "api.example.com"), (":scheme", "http"), ("x-tenant-id", Tenant), ("content-type", "application/json") })
        {
            headers.Headers.Add(new Envoy.Config.Core.V3.HeaderValue { Key = name, RawValue = ByteString.CopyFromUtf8(value) });
        }

        await call.RequestStream.WriteAsync(new ProcessingRequest { RequestHeaders = new HttpHeaders { Headers = headers } });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        await call.RequestStream.WriteAsync(new ProcessingRequest { RequestBody = new HttpBody { Body = ByteString.CopyFromUtf8(body), EndOfStream = true } });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        await call.RequestStream.CompleteAsync();
    }

    /// <summary>Every line, its exception and its scopes as text: whatever a console formatter could print.</summary>
    private sealed class LineCapture : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConcurrentQueue<string> _lines = new();
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public IReadOnlyCollection<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(LineCapture capture) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => capture._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scopes = new List<string>();
                capture._scopes.ForEachScope(static (s, list) => list.Add(s?.ToString() ?? ""), scopes);
                capture._lines.Enqueue($"{formatter(state, exception)} {exception} {string.Join(" ", scopes)}");
            }
        }
    }
}
