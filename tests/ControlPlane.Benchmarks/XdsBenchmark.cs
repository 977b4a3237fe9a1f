using System.Diagnostics;
using System.Globalization;
using System.Net;
using ControlPlane.Xds;
using ControlPlane.Xds.Cache;
using ControlPlane.Xds.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Benchmarks;

/// <summary>
/// The xDS server under a fleet: N Envoy-like ADS streams (in a child process, so the server's memory is its own) hold
/// a snapshot; then each update is published and timed per stream until that stream has ACKed it.
/// Usage: xds [--streams 1000] [--variant sotw|delta|both] [--updates 5] [--clusters 20] [--streams-per-connection 1]
///            [--clients-jit full|tiered] [--hold SECONDS] [--floor] [--no-floor]
/// Every variant runs with 1, N/10 and N streams: the 1-stream row is the baseline the others read against.
/// The clients stand in for Envoys, which run no JIT: by default their process compiles fully up front, so its warm-up
/// does not compete with the server on the shared cores during the timed updates (--clients-jit tiered: the runtime's default).
/// --hold keeps the server with its N idle streams for that long after the idle measurement, to attach dotnet-dump or a profiler.
/// After the rows, the transport's share is measured in the same run: the same fleet against an ADS service that keeps no
/// state (see <see cref="XdsBenchmarkFloor"/>); --floor measures only that, --no-floor skips it.
/// </summary>
internal static class XdsBenchmark
{
    private const double P99TargetMs = 250;
    private const double BytesPerStreamTarget = 30 * 1024;
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains(XdsBenchmarkClients.ChildFlag))
        {
            return await XdsBenchmarkClients.RunAsync(
                new Uri(Option(args, "--server", "")), Option(args, "--streams", 1), Option(args, "--variant", "sotw"),
                Option(args, "--clusters", 20), Option(args, "--streams-per-connection", 1), Option(args, "--run", "r"));
        }

        var streams = Option(args, "--streams", 1000);
        var variant = Option(args, "--variant", "both");
        var settings = new Settings(
            streams, Option(args, "--updates", 5), Option(args, "--clusters", 20), Option(args, "--streams-per-connection", 1),
            Option(args, "--clients-jit", "full") == "tiered", TimeSpan.FromSeconds(Option(args, "--hold", 0)));
        string[] variants = variant == "both" ? ["sotw", "delta"] : [variant];
        int[] sizes = [.. new[] { 1, streams / 10, streams }.Where(n => n > 0).Distinct()];
        if (args.Contains("--floor"))
        {
            await XdsBenchmarkFloor.RunAsync(sizes, settings);
            return 0;
        }

        var metrics = BenchmarkTelemetry.Mode(args);
        if (metrics == "both")
        {
            return await MetricsCostAsync(variants, streams, settings);
        }

        await using var server = await BenchServer.StartAsync(floor: false, metrics: metrics == "on");
        var initial = XdsBenchmarkConfig.Build(settings.Clusters, update: 0);
        server.Cache.Publish(XdsBenchmarkConfig.Group, initial);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"xds benchmark: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
            $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC; clients in a child process ({(settings.ClientsTieredJit ? "tiered" : "full")} JIT), " +
            $"{settings.StreamsPerConnection} stream(s) per HTTP/2 connection; load average {LoadAverage()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"snapshot: {settings.Clusters} clusters + {settings.Clusters} load assignments + 1 listener + 1 route configuration, {initial.SerializedBytes} bytes serialized; " +
            $"each update edits 1 cluster, every load assignment and 1 route configuration; {settings.Updates} updates per row"));
        Console.WriteLine($"{"variant",-7} {"streams",7} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"KiB/idle stream",16} {"serialized B/update",20} {"server alloc B/stream/update",29} {"server CPU ms/upd",16} {"client CPU ms/upd",16}");

        var rows = new List<Row>();
        foreach (var name in variants)
        {
            foreach (var size in sizes)
            {
                var row = await RunRowAsync(server, name, size, settings);
                row.Print();
                rows.Add(row);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"baseline: {rows[0].BaselineBytes / 1024.0:F0} KiB managed heap with 0 streams; 1 stream holds an update after {rows[0].P50:F2} ms (p50)"));
        var full = rows.Where(r => r.Streams == streams).ToList();
        var floorNote = "";
        if (!args.Contains("--no-floor"))
        {
            // The transport's share, measured in this run with the same client fleet: what no server on this stack avoids.
            var floor = await XdsBenchmarkFloor.RunAsync(sizes, settings);
            floorNote = string.Create(CultureInfo.InvariantCulture, $"; Kestrel and gRPC alone hold {floor / 1024:F1} KiB of it");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"our own state per idle stream above that floor at {streams} streams: {string.Join(", ", full.Select(r => $"{r.Variant} {(r.BytesPerIdleStream - floor) / 1024:F1} KiB"))}"));
        }

        Console.WriteLine($"load average (1, 5, 15 min) at the end: {LoadAverage()}; other processes on the machine share these cores");
        return Verdict($"{streams} streams hold each update with p99 <= {P99TargetMs} ms", full.All(r => r.P99 <= P99TargetMs))
            | Verdict("bytes serialized per update independent of the stream count", rows.Select(r => r.SerializedBytes).Distinct().Count() == 1)
            | Verdict($"managed memory per idle stream <= {BytesPerStreamTarget / 1024} KiB{floorNote}", full.All(r => r.BytesPerIdleStream <= BytesPerStreamTarget));
    }

    /// <summary>
    /// What recording costs a push: the same fleet and updates against a server with metrics off and one with
    /// metrics on, in the order off, on, on, off (a later run finds a warmer machine: each side gets one early and one
    /// late run), then the mean of each side.
    /// </summary>
    private static async Task<int> MetricsCostAsync(string[] variants, int streams, Settings settings)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"xds benchmark, metrics cost: {streams} streams, {settings.Updates} updates per row, {Environment.ProcessorCount} cores, load average {LoadAverage()}"));
        var recording = MetricsRecordingCost.PerXdsResponse();
        Console.WriteLine(MetricsRecordingCost.Describe("response (sent, bytes, ACK, convergence, push time)", recording));
        Console.WriteLine($"{"variant",-7} {"streams",7} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"KiB/idle stream",16} {"serialized B/update",20} {"server alloc B/stream/update",29} {"server CPU ms/upd",16} {"client CPU ms/upd",16}  metrics");
        foreach (var variant in variants)
        {
            var rows = new Dictionary<bool, List<Row>> { [false] = [], [true] = [] };
            foreach (var on in new[] { false, true, true, false })
            {
                await using var server = await BenchServer.StartAsync(floor: false, metrics: on);
                server.Cache.Publish(XdsBenchmarkConfig.Group, XdsBenchmarkConfig.Build(settings.Clusters, update: 0));
                var row = await RunRowAsync(server, variant, streams, settings);
                row.Print(on ? "  on" : "  off");
                rows[on].Add(row);
            }

            double Mean(bool on, Func<Row, double> figure) => rows[on].Average(figure);

            // An update changes three types (CDS, EDS, RDS): three responses per stream.
            var recordingMs = recording.Nanoseconds * 3 * streams / 1e6;
            var offCpu = Mean(false, r => r.ServerCpuMsPerUpdate);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  metrics cost, {variant}: recording {recordingMs:F2} ms per update against {offCpu:F1} ms server CPU with metrics off = {(offCpu + recordingMs) / offCpu:F3} x (goal <= 1.05)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  metrics cost, {variant}: server CPU per update on/off {Mean(true, r => r.ServerCpuMsPerUpdate) / Mean(false, r => r.ServerCpuMsPerUpdate):F3}, " +
                $"server alloc per stream and update on/off {Mean(true, r => r.AllocatedPerStreamUpdate) / Mean(false, r => r.AllocatedPerStreamUpdate):F3}, " +
                $"p50 on/off {Mean(true, r => r.P50) / Mean(false, r => r.P50):F3}, p99 on/off {Mean(true, r => r.P99) / Mean(false, r => r.P99):F3} (end to end, as noisy as the machine)"));
        }

        Console.WriteLine($"load average (1, 5, 15 min) at the end: {LoadAverage()}; other processes on the machine share these cores");
        return 0;
    }

    private static async Task<Row> RunRowAsync(BenchServer server, string variant, int streams, Settings settings)
    {
        var runId = RunId(variant, streams);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        using var clients = ClientProcess.Start(server.Address, variant, streams, settings, runId);
        var current = server.Cache.Get(XdsBenchmarkConfig.Group)!;
        await clients.ExpectAsync(current);
        await clients.HeldAsync();
        await server.WaitUntilSyncedAsync(runId, streams);
        var idle = GC.GetTotalMemory(forceFullCollection: true);
        await HoldAsync(settings, streams);

        var latencies = new List<double>();
        long serialized = 0, allocated = 0;
        var serverCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clientCpu = clients.CpuTime;
        for (var update = 0; update < settings.Updates; update++)
        {
            var next = XdsBenchmarkConfig.Build(settings.Clusters, server.NextUpdate());
            await clients.ExpectAsync(next);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var published = Stopwatch.GetTimestamp();
            server.Cache.Publish(XdsBenchmarkConfig.Group, next);
            var held = await clients.HeldAsync();
            allocated += GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            latencies.AddRange(held.Select(t => Stopwatch.GetElapsedTime(published, t).TotalMilliseconds));
            serialized = next.SerializedBytes;
            await server.WaitUntilSyncedAsync(runId, streams);
        }

        // CPU both sides spent per update: client and server share this machine's cores, so the latency includes the clients' work.
        var serverCpuPerUpdate = (Process.GetCurrentProcess().TotalProcessorTime - serverCpu).TotalMilliseconds / settings.Updates;
        var clientCpuPerUpdate = (clients.CpuTime - clientCpu).TotalMilliseconds / settings.Updates;
        await clients.ExitAsync();
        return Row.From(variant, streams, latencies, (idle - baseline) / (double)streams, serialized, allocated / (double)(streams * settings.Updates), baseline)
            with { ServerCpuMsPerUpdate = serverCpuPerUpdate, ClientCpuMsPerUpdate = clientCpuPerUpdate };
    }

    internal static string RunId(string variant, int streams) => $"{variant}-{streams}-{Guid.NewGuid():N}"[..24];

    /// <summary>With --hold, keeps the idle fleet of the full-size row up so a heap dump or profile can be taken.</summary>
    internal static async Task HoldAsync(Settings settings, int streams)
    {
        if (settings.Hold > TimeSpan.Zero && streams == settings.Streams)
        {
            await Console.Error.WriteLineAsync($"holding {streams} idle streams for {settings.Hold.TotalSeconds} s: server pid {Environment.ProcessId}");
            await Task.Delay(settings.Hold);
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static int Verdict(string what, bool met)
    {
        Console.WriteLine($"  {what}: {(met ? "met" : "MISSED")}");
        return met ? 0 : 1;
    }

    private static T Option<T>(string[] args, string name, T fallback)
        where T : IParsable<T>
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? T.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    internal sealed record Settings(int Streams, int Updates, int Clusters, int StreamsPerConnection, bool ClientsTieredJit, TimeSpan Hold);

    private sealed record Row(string Variant, int Streams, double P50, double P99, double Max, double BytesPerIdleStream, long SerializedBytes, double AllocatedPerStreamUpdate, long BaselineBytes)
    {
        public double ServerCpuMsPerUpdate { get; init; }

        public double ClientCpuMsPerUpdate { get; init; }

        public static Row From(string variant, int streams, List<double> latencies, double bytesPerStream, long serialized, double allocated, long baseline)
        {
            latencies.Sort();
            double Percentile(double p) => latencies[Math.Clamp((int)Math.Ceiling(latencies.Count * p) - 1, 0, latencies.Count - 1)];
            return new Row(variant, streams, Percentile(0.5), Percentile(0.99), latencies[^1], bytesPerStream, serialized, allocated, baseline);
        }

        public void Print(string note = "") => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Variant,-7} {Streams,7} {P50,8:F2} {P99,8:F2} {Max,8:F2} {BytesPerIdleStream / 1024,16:F1} {SerializedBytes,20} {AllocatedPerStreamUpdate,29:F0} {ServerCpuMsPerUpdate,16:F1} {ClientCpuMsPerUpdate,16:F1}{note}"));
    }

    /// <summary>The xDS server as the host runs it: Kestrel with the host's xDS settings, HTTP/2 cleartext, loopback.</summary>
    internal sealed class BenchServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _update;

        private BenchServer(WebApplication app, Uri address)
        {
            _app = app;
            Address = address;
        }

        public Uri Address { get; }

        public ISnapshotCache Cache => _app.Services.GetRequiredService<ISnapshotCache>();

        /// <param name="floor">Serves <see cref="XdsBenchmarkFloor.StatelessAds"/> instead of the xDS services.</param>
        /// <param name="metrics">With OpenTelemetry aggregating the xDS meter, as the host runs.</param>
        public static async Task<BenchServer> StartAsync(bool floor, bool metrics = false)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                XdsKestrel.ConfigureServer(kestrel);
                XdsKestrel.ListenXds(kestrel, IPAddress.Loopback, 0);
            });
            builder.Services.AddXdsServer();
            if (metrics)
            {
                builder.Services.AddMetricsOn(XdsMetrics.MeterName);
            }

            var app = builder.Build();
            app.Services.StartMetrics();
            if (floor)
            {
                app.MapGrpcService<XdsBenchmarkFloor.StatelessAds>();
            }
            else
            {
                app.MapXdsServices();
            }

            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return new BenchServer(app, new Uri(address));
        }

        public int NextUpdate() => ++_update;

        /// <summary>Until the server has processed every ACK of the run's nodes (not only the clients sent them).</summary>
        public async Task WaitUntilSyncedAsync(string runId, int streams)
        {
            var registry = _app.Services.GetRequiredService<NodeStatusRegistry>();
            var deadline = Stopwatch.GetTimestamp() + (long)(Guard.TotalSeconds * Stopwatch.Frequency);
            while (registry.Snapshot().Count(n => n.NodeId.StartsWith(runId, StringComparison.Ordinal) && n.Types.Count == 4 && n.Types.All(t => t.State == "SYNCED")) < streams)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw new TimeoutException($"{runId}: the server did not see every ACK within {Guard}");
                }

                await Task.Delay(20);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>This executable again, in client mode, driven line by line.</summary>
    internal sealed class ClientProcess : IDisposable
    {
        private readonly Process _process;

        private ClientProcess(Process process) => _process = process;

        public TimeSpan CpuTime
        {
            get
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
        }

        public static ClientProcess Start(Uri server, string variant, int streams, Settings settings, string runId)
        {
            var self = Environment.ProcessPath!;
            var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            if (!settings.ClientsTieredJit)
            {
                start.Environment["DOTNET_TieredCompilation"] = "0";
            }

            if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            {
                start.ArgumentList.Add(typeof(XdsBenchmark).Assembly.Location);
            }

            foreach (var arg in new[]
            {
                "xds", XdsBenchmarkClients.ChildFlag, "--server", server.ToString(), "--streams", streams.ToString(CultureInfo.InvariantCulture),
                "--variant", variant, "--clusters", settings.Clusters.ToString(CultureInfo.InvariantCulture),
                "--streams-per-connection", settings.StreamsPerConnection.ToString(CultureInfo.InvariantCulture), "--run", runId,
            })
            {
                start.ArgumentList.Add(arg);
            }

            return new ClientProcess(Process.Start(start)!);
        }

        public async Task ExpectAsync(XdsSnapshot snapshot)
        {
            await _process.StandardInput.WriteLineAsync("expect " + string.Join(' ', [.. XdsBenchmarkConfig.TypeVersions(snapshot), .. XdsBenchmarkConfig.TypeFingerprints(snapshot)]));
            await _process.StandardInput.FlushAsync();
            await ReadAsync("armed");
        }

        /// <summary>When each stream held the expected versions (its ACK sent), as Stopwatch timestamps.</summary>
        public async Task<long[]> HeldAsync()
        {
            var line = await ReadAsync("held ");
            return [.. line["held ".Length..].Split(',').Select(t => long.Parse(t, CultureInfo.InvariantCulture))];
        }

        public async Task ExitAsync()
        {
            await _process.StandardInput.WriteLineAsync("exit");
            await _process.StandardInput.FlushAsync();
            await _process.WaitForExitAsync().WaitAsync(Guard);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            _process.Dispose();
        }

        private async Task<string> ReadAsync(string prefix)
        {
            var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(Guard)
                ?? throw new InvalidOperationException($"the client process ended (exit code {(_process.HasExited ? _process.ExitCode : -1)})");
            return line.StartsWith(prefix, StringComparison.Ordinal) ? line : throw new InvalidOperationException($"client process: expected '{prefix}...', got '{line}'");
        }
    }
}
