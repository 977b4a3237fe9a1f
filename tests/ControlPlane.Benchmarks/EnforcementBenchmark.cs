using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ControlPlane.Enforcement;
using ControlPlane.Enforcement.Keys;
using ControlPlane.Enforcement.Responses;
using ControlPlane.Enforcement.Rules;
using ControlPlane.Enforcement.Service;
using ControlPlane.Enforcement.Stores;
using ControlPlane.Enforcement.Stores.Redis;
using ControlPlane.Ir;
using Envoy.Config.Core.V3;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace ControlPlane.Benchmarks;

/// <summary>
/// Idempotency decisions per second and latency, per store: a first request (claim, then store the response) and a
/// replay, driven on the decision engine directly; for Redis the bare PING round trip is the floor, measured
/// interleaved with the decisions (PING, first request, replay, PING, ...) so both see the same conditions. With --grpc the same two paths also run through the ext_proc gRPC service (Kestrel, HTTP/2 cleartext).
/// Usage: enforcement [--store memory|redis|both] [--redis host:port] [--iterations 20000] [--grpc]
/// Without --redis a throwaway redis-server is started on a free port (skipped when not installed).
/// </summary>
internal static class EnforcementBenchmark
{
    private const double MemoryP99TargetMs = 0.5;
    private const double MemoryPerCoreTarget = 10_000;
    private const double RedisRoundTripRatioTarget = 1.5;

    private static readonly byte[] RequestBody = Encoding.UTF8.GetBytes("{\"amount\":1250,\"currency\":\"EUR\",\"customer\":\"cus_8e03978e40d5\",\"description\":\"Order 42, two items, express delivery\"}");
    private static readonly StoredResponse Created = new(
        201,
        [new("content-type", "application/json"u8.ToArray()), new("location", "/payments/pay_1"u8.ToArray()), new("x-request-id", "8e03978e-40d5-43e8-bc93-6894a57f9324"u8.ToArray())],
        Encoding.UTF8.GetBytes("{\"id\":\"pay_1\",\"status\":\"succeeded\",\"amount\":1250,\"currency\":\"EUR\"," + new string(' ', 200) + "}"));

    public static async Task<int> RunAsync(string[] args)
    {
        var which = Option(args, "--store", "both");
        var iterations = int.Parse(Option(args, "--iterations", "20000"), CultureInfo.InvariantCulture);
        var grpc = args.Contains("--grpc");
        var metrics = BenchmarkTelemetry.Mode(args);
        Console.WriteLine($"enforcement benchmark: {iterations} decisions per row, {Environment.ProcessorCount} cores, {RuntimeDescription()}, metrics {metrics}");
        Console.WriteLine($"{"row",-44} {"decisions/s",12} {"p50 ms",9} {"p99 ms",9} {"max ms",9}");

        var failures = 0;
        if (metrics == "both")
        {
            await MetricsCostAsync(iterations, grpc);
        }

        var on = metrics != "off";
        if (which is "memory" or "both")
        {
            failures += await RunMemoryAsync(iterations, grpc, on);
        }

        if (which is "redis" or "both")
        {
            failures += await RunRedisAsync(Option(args, "--redis", ""), iterations, grpc, on);
        }

        return failures == 0 ? 0 : 1;
    }

    /// <summary>
    /// What recording costs a decision: the same decisions on two engines, metrics off and on, interleaved in a
    /// shuffled order so both see the same moments of a noisy machine. The memory store, whose decisions are the
    /// shortest, shows the cost at its largest.
    /// </summary>
    private static async Task MetricsCostAsync(int iterations, bool grpc)
    {
        await using var off = Bench.Create(options => options.MemoryCapacity = iterations * 4, metrics: false);
        await using var on = Bench.Create(options => options.MemoryCapacity = iterations * 4, metrics: true);
        var rows = await InterleavedAsync(
            iterations,
            ("memory, metrics off: first request", off.FirstRequestAsync),
            ("memory, metrics off: replay", off.ReplayAsync),
            ("memory, metrics on: first request", on.FirstRequestAsync),
            ("memory, metrics on: replay", on.ReplayAsync));
        foreach (var (without, with) in new[] { (rows[0], rows[2]), (rows[1], rows[3]) })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  metrics cost, {with.Name[(with.Name.IndexOf(':') + 2)..]}: p50 on/off {with.P50 / without.P50:F3} ({(with.P50 - without.P50) * 1000:F2} µs), time per decision on/off {without.PerSecond / with.PerSecond:F3}"));
        }

        var recording = MetricsRecordingCost.PerFirstRequest();
        Console.WriteLine(MetricsRecordingCost.Describe("first request (2 store times, decision time, 2 outcomes)", recording));
        // Against the median decision and the mean one (throughput, pauses included): the median is the harder figure.
        var (medianMicroseconds, meanMicroseconds) = (rows[0].P50 * 1000, 1e6 / rows[0].PerSecond);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  metrics cost, first request: {recording.Nanoseconds / 1000:F2} µs against a decision with metrics off of {medianMicroseconds:F2} µs (p50) = {1 + (recording.Nanoseconds / 1000 / medianMicroseconds):F3} x, of {meanMicroseconds:F2} µs (mean) = {1 + (recording.Nanoseconds / 1000 / meanMicroseconds):F3} x (goal <= 1.05)"));
        if (grpc)
        {
            // As Envoy calls it: the same recording against a decision through the ext_proc service.
            var viaGrpc = await EnforcementBenchmarkGrpc.RunAsync(options => options.Store = EnforcementStoreKind.Memory, "memory, metrics off,", iterations / 4, metrics: false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  metrics cost, first request via gRPC: {recording.Nanoseconds / 1000:F2} µs against {viaGrpc.P50 * 1000:F1} µs (p50) with metrics off = {1 + (recording.Nanoseconds / 1000 / (viaGrpc.P50 * 1000)):F3} x (goal <= 1.05)"));
        }
    }

    private static async Task<int> RunMemoryAsync(int iterations, bool grpc, bool metrics)
    {
        await using var bench = Bench.Create(options => options.MemoryCapacity = iterations * 4, metrics);
        var first = await MeasureAsync("memory: first request (claim + store)", iterations, bench.FirstRequestAsync);
        var replay = await MeasureAsync("memory: replay", iterations, bench.ReplayAsync);
        var parallel = await ThroughputAsync("memory: first request, all cores", iterations * 2, bench.FirstRequestAsync);
        var missed = 0;
        foreach (var row in new[] { first, replay })
        {
            missed += Verdict($"{row.Name}: p99 {row.P99:F3} ms (target <= {MemoryP99TargetMs} ms)", row.P99 <= MemoryP99TargetMs);
            missed += Verdict($"{row.Name}: {row.PerSecond:F0}/s on one core (target >= {MemoryPerCoreTarget:F0}/s)", row.PerSecond >= MemoryPerCoreTarget);
        }

        Console.WriteLine($"  ({parallel.PerSecond / Environment.ProcessorCount:F0}/s per core with {Environment.ProcessorCount} concurrent callers)");
        if (grpc)
        {
            await EnforcementBenchmarkGrpc.RunAsync(options => options.Store = EnforcementStoreKind.Memory, "memory", iterations / 4, metrics);
        }

        return missed;
    }

    private static async Task<int> RunRedisAsync(string connection, int iterations, bool grpc, bool metrics)
    {
        await using var server = connection.Length == 0 ? await ThrowawayRedis.StartAsync() : null;
        if (connection.Length == 0 && server is null)
        {
            Console.WriteLine("redis: skipped, redis-server is not installed and no --redis was given");
            return 0;
        }

        connection = connection.Length > 0 ? connection : server!.ConnectionString;
        await using var bench = Bench.Create(options =>
        {
            options.Store = EnforcementStoreKind.Redis;
            options.RedisConnection = connection;
        }, metrics);
        // The floor runs on the store's own connection: a second multiplexer would have its own, colder, reader.
        var database = await bench.RedisDatabaseAsync();
        // Interleaved: each iteration runs one PING, two PINGs in a row, a first request and a replay, in a shuffled
        // order, so the floors and the decisions share the same moments (scheduling, CPU frequency, Redis' own state).
        Func<int, Task> ping = async _ => await database.PingAsync();
        var alone = await MeasureAsync("redis: PING alone, tight loop (reference)", iterations, ping);
        var rows = await InterleavedAsync(
            iterations,
            ("redis: 1 round trip (PING)", ping),
            ("redis: 2 round trips (PING, PING)", async _ =>
            {
                await database.PingAsync();
                await database.PingAsync();
            }),
            ("redis: first request (claim + store)", bench.FirstRequestAsync),
            ("redis: replay", bench.ReplayAsync));
        var (oneTrip, twoTrips, first, replay) = (rows[0], rows[1], rows[2], rows[3]);
        await ThroughputAsync("redis: first request, 16 concurrent callers", iterations, bench.FirstRequestAsync, 16);

        // A first request needs two round trips (claim, complete script); a replay one (the claim returns the record).
        var missed = Verdict(Ratio(first, twoTrips), first.P50 / twoTrips.P50 <= RedisRoundTripRatioTarget)
            + Verdict(Ratio(replay, oneTrip), replay.P50 / oneTrip.P50 <= RedisRoundTripRatioTarget);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  (against PING alone in a tight loop, {alone.P50:F3} ms: first request {first.P50 / (2 * alone.P50):F2} x, replay {replay.P50 / alone.P50:F2} x)"));
        if (grpc)
        {
            await EnforcementBenchmarkGrpc.RunAsync(
                options =>
                {
                    options.Store = EnforcementStoreKind.Redis;
                    options.RedisConnection = connection;
                },
                "redis",
                iterations / 4,
                metrics);
        }

        return missed;
    }

    private static string Ratio(Row row, Row floor) => string.Create(
        CultureInfo.InvariantCulture,
        $"{row.Name}: p50 {row.P50:F3} ms = {row.P50 / floor.P50:F2} x {floor.Name[(floor.Name.IndexOf(' ') + 1)..]} p50 {floor.P50:F3} ms (target <= {RedisRoundTripRatioTarget} x)");

    private static int Verdict(string what, bool met)
    {
        Console.WriteLine($"  {what}: {(met ? "met" : "MISSED")}");
        return met ? 0 : 1;
    }

    /// <summary>One caller, one decision at a time: latency, and decisions per second on one core.</summary>
    internal static async Task<Row> MeasureAsync(string name, int iterations, Func<int, Task> decision)
    {
        for (var i = 0; i < Math.Min(2_000, iterations); i++)
        {
            await decision(-i - 1);
        }

        GC.Collect();
        var samples = new double[iterations];
        var total = Stopwatch.GetTimestamp();
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await decision(i);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        var row = Row.From(name, samples, Stopwatch.GetElapsedTime(total));
        row.Print();
        return row;
    }

    /// <summary>
    /// One caller; each iteration runs every decision once, in a shuffled order (what runs just before a call changes
    /// its latency on a small machine): latency per decision, and decisions per second on one core from the time spent
    /// in that decision alone.
    /// </summary>
    private static async Task<Row[]> InterleavedAsync(int iterations, params (string Name, Func<int, Task> Decision)[] decisions)
    {
        for (var i = 0; i < Math.Min(2_000, iterations); i++)
        {
            foreach (var (_, decision) in decisions)
            {
                await decision(-i - 1);
            }
        }

        GC.Collect();
        var samples = decisions.Select(_ => new double[iterations]).ToArray();
        var random = new Random(42);
        int[] order = [.. Enumerable.Range(0, decisions.Length)];
        for (var i = 0; i < iterations; i++)
        {
            random.Shuffle(order);
            foreach (var d in order)
            {
                var start = Stopwatch.GetTimestamp();
                await decisions[d].Decision(i);
                samples[d][i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        var rows = decisions.Select((d, index) => Row.From(d.Name, samples[index], TimeSpan.FromMilliseconds(samples[index].Sum()))).ToArray();
        foreach (var row in rows)
        {
            row.Print();
        }

        return rows;
    }

    /// <summary>Several callers at once (one per core by default): throughput only.</summary>
    private static async Task<Row> ThroughputAsync(string name, int iterations, Func<int, Task> decision, int callers = 0)
    {
        callers = callers > 0 ? callers : Environment.ProcessorCount;
        var samples = new double[iterations];
        var next = -1;
        var total = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < iterations; i = Interlocked.Increment(ref next))
            {
                var start = Stopwatch.GetTimestamp();
                await decision(1_000_000_000 + i);
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        })));
        var row = Row.From(name, samples, Stopwatch.GetElapsedTime(total));
        row.Print();
        return row;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    private static string RuntimeDescription() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    internal static IdempotencyRuleIr Rule { get; } = new(
        Name: "bench",
        Methods: ["POST"],
        Key: new KeySourceIr(KeyLocation.Header, "idempotency-key", Required: true, MaxLength: 255, AllowedCharacters: null),
        ScopeHeaders: ["x-tenant-id"],
        Ttl: TimeSpan.FromHours(1),
        Fingerprint: new FingerprintIr(Body: true, Headers: [], Query: false),
        InFlight: new InFlightIr(InFlightMode.Reject, TimeSpan.Zero, TimeSpan.FromSeconds(1)),
        Lease: TimeSpan.FromSeconds(90),
        StoredStatusClasses: [2, 4],
        MaxBodyBytes: 1024 * 1024,
        FailureMode: FailureMode.Closed,
        ReplayHeader: "idempotent-replayed");

    internal static string KeyFor(int i) => i >= 0 ? $"\"key-{i:D10}\"" : $"\"warm-{-i:D10}\"";

    internal static byte[] Body => RequestBody;

    internal sealed record Row(string Name, double PerSecond, double P50, double P99, double Max)
    {
        public static Row From(string name, double[] samples, TimeSpan elapsed)
        {
            Array.Sort(samples);
            return new Row(name, samples.Length / elapsed.TotalSeconds, samples[samples.Length / 2], samples[Math.Min(samples.Length - 1, (int)Math.Ceiling(samples.Length * 0.99) - 1)], samples[^1]);
        }

        public void Print() => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Name,-44} {PerSecond,12:F0} {P50,9:F3} {P99,9:F3} {Max,9:F3}"));
    }

    /// <summary>The decision engine with a real store, as the service uses it, minus gRPC.</summary>
    private sealed class Bench : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly IdempotencyEngine _engine;
        private readonly CompiledRule _rule;
        private readonly EnvoyHeaders _headers = new();

        private Bench(ServiceProvider services)
        {
            _services = services;
            _engine = services.GetRequiredService<IdempotencyEngine>();
            var registry = services.GetRequiredService<IdempotencyRuleRegistry>();
            registry.Update([Rule]);
            registry.TryGet(Rule.Name, out _rule);
            _ = services.GetRequiredService<IIdempotencyStore>();
        }

        public static Bench Create(Action<EnforcementOptions> configure, bool metrics)
        {
            var services = new ServiceCollection().AddLogging().AddIdempotencyEnforcement(configure);
            if (metrics)
            {
                services.AddMetricsOn(EnforcementMetrics.MeterName);
            }

            var provider = services.BuildServiceProvider();
            provider.StartMetrics();
            return new(provider);
        }

        /// <summary>A fresh key: screen, claim, then store the upstream response.</summary>
        public async Task FirstRequestAsync(int i)
        {
            var headers = _headers.For(i);
            _engine.Screen(_rule, headers, endOfStream: false);
            var decision = await _engine.DecideAsync(_rule, headers, RequestBody, default);
            if (decision.Kind != DecisionKind.Proceed)
            {
                throw new InvalidOperationException($"expected a claim, got {decision.Kind}");
            }

            await _engine.FinishAsync(_rule, decision.Request!, decision.Token, StorageVerdict.Store, Created, default);
        }

        /// <summary>A retry of the first warm-up request, which every run makes before any replay: answered from the store.</summary>
        public async Task ReplayAsync(int i)
        {
            var decision = await _engine.DecideAsync(_rule, _headers.For(-1), RequestBody, default);
            if (decision.Kind != DecisionKind.Answer || decision.Answer!.Status.Code != Envoy.Type.V3.StatusCode.Created)
            {
                throw new InvalidOperationException($"expected a replay, got {decision.Kind}");
            }
        }

        public Task<IDatabase> RedisDatabaseAsync() => _services.GetRequiredService<RedisConnector>().GetDatabaseAsync(default);

        public async ValueTask DisposeAsync() => await _services.DisposeAsync();
    }

    /// <summary>Request headers as Envoy sends them (raw_value), built per decision as parsing the message would.</summary>
    private sealed class EnvoyHeaders
    {
        public HeaderMapView For(int i)
        {
            var map = new HeaderMap();
            foreach (var (name, value) in new[] { (":method", "POST"), (":path", "/payments"), ("content-type", "application/json"), ("x-tenant-id", "tenant-1"), ("idempotency-key", KeyFor(i)) })
            {
                map.Headers.Add(new HeaderValue { Key = name, RawValue = ByteString.CopyFromUtf8(value) });
            }

            return new HeaderMapView(map.Headers);
        }
    }

    /// <summary>A redis-server on a free port with persistence off, for a run without --redis.</summary>
    private sealed class ThrowawayRedis : IAsyncDisposable
    {
        private readonly Process _process;

        private ThrowawayRedis(Process process, int port)
        {
            _process = process;
            ConnectionString = $"127.0.0.1:{port}";
        }

        public string ConnectionString { get; }

        public static async Task<ThrowawayRedis?> StartAsync()
        {
            var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);
            if (executable is null)
            {
                return null;
            }

            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true };
            foreach (var argument in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    return new ThrowawayRedis(process, port);
                }
                catch (SocketException) when (attempt < 200)
                {
                    await Task.Delay(25);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _process.Kill();
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
