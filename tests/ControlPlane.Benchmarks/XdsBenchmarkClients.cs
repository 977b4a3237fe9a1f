using System.Diagnostics;
using System.Globalization;
using ControlPlane.Xds;
using ControlPlane.Xds.Cache;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Grpc.Core;
using Grpc.Net.Client;

namespace ControlPlane.Benchmarks;

/// <summary>
/// The xDS benchmark's client process, so the server's memory is measured alone. It opens N Envoy-like ADS streams that
/// subscribe to everything and ACK every response, and reports when each stream holds the versions it was told to expect.
/// Protocol on stdin/stdout, one line each: "expect v1 v2 v3 v4" (CDS, EDS, LDS, RDS versions) -> "armed";
/// then, once every stream has ACKed those versions, "held t1,t2,..." (Stopwatch timestamps, one clock per machine);
/// "exit" ends the streams.
/// </summary>
internal static class XdsBenchmarkClients
{
    public const string ChildFlag = "--clients-child";

    public static async Task<int> RunAsync(Uri server, int streams, string variant, int clusters, int streamsPerConnection, string runId)
    {
        var progress = new HoldProgress(streams);
        var channels = Enumerable.Range(0, (streams + streamsPerConnection - 1) / streamsPerConnection)
            .Select(_ => GrpcChannel.ForAddress(server, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler() }))
            .ToArray();
        string[] clusterNames = [.. Enumerable.Range(0, clusters).Select(XdsBenchmarkConfig.ClusterName)];
        using var stop = new CancellationTokenSource();
        var running = new List<Task>(streams);

        var commands = Task.Run(async () =>
        {
            while (Console.In.ReadLine() is { } line && line != "exit")
            {
                var parts = line.Split(' ');
                if (parts[0] == "expect")
                {
                    // SotW clients hold set versions (version_info); delta clients hold fingerprints of what they received.
                    progress.Expect(variant == "delta" ? parts[5..9] : parts[1..5]);
                    Console.WriteLine("armed");
                }
            }

            await stop.CancelAsync();
        });

        for (var i = 0; i < streams; i++)
        {
            var node = new Node { Id = $"{runId}-{i}", Cluster = XdsBenchmarkConfig.Group };
            var channel = channels[i / streamsPerConnection];
            BenchStream stream = variant == "delta" ? new DeltaBenchStream(i, node, clusterNames, progress) : new SotwBenchStream(i, node, clusterNames, progress);
            running.Add(stream.RunAsync(channel, stop.Token));

            // Open connections in batches, as a fleet does, rather than one SYN flood.
            if (i % 64 == 63)
            {
                await stream.Subscribed;
            }
        }

        _ = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var timestamps = await progress.NextRoundAsync(stop.Token);
                Console.WriteLine("held " + string.Join(',', timestamps.Select(t => t.ToString(CultureInfo.InvariantCulture))));
            }
        });

        await commands;
        await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        foreach (var channel in channels)
        {
            channel.Dispose();
        }

        return 0;
    }

    /// <summary>Which streams hold the expected versions, and when each got there.</summary>
    private sealed class HoldProgress(int streams)
    {
        private readonly Lock _lock = new();
        private readonly int[] _heldRound = new int[streams];
        private readonly long[] _heldAt = new long[streams];
        private string[]? _expected;
        private int _round;
        private int _remaining;
        private TaskCompletionSource<long[]> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Expect(string[] versions)
        {
            lock (_lock)
            {
                _expected = versions;
                _round++;
                _remaining = streams;
            }
        }

        public async Task<long[]> NextRoundAsync(CancellationToken cancellationToken)
        {
            Task<long[]> done;
            lock (_lock)
            {
                done = _done.Task;
            }

            var timestamps = await done.WaitAsync(cancellationToken);
            return timestamps;
        }

        /// <summary>Called after each ACK, with the versions the stream now holds (CDS, EDS, LDS, RDS).</summary>
        public void Report(int stream, string[] holds)
        {
            var now = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                if (_expected is null || _heldRound[stream] == _round || !holds.AsSpan().SequenceEqual(_expected))
                {
                    return;
                }

                _heldRound[stream] = _round;
                _heldAt[stream] = now;
                if (--_remaining == 0)
                {
                    var finished = _done;
                    _done = new TaskCompletionSource<long[]>(TaskCreationOptions.RunContinuationsAsynchronously);
                    finished.TrySetResult([.. _heldAt]);
                }
            }
        }
    }

    private abstract class BenchStream(int index, Node node, string[] clusterNames, HoldProgress progress)
    {
        private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the stream's first response arrived (its connection is up).</summary>
        public Task Subscribed => _subscribed.Task;

        protected Node Node { get; } = node;

        protected string[] ClusterNames { get; } = clusterNames;

        /// <summary>CDS, EDS, LDS, RDS: the versions this stream holds.</summary>
        protected string[] Holds { get; } = ["", "", "", ""];

        public async Task RunAsync(GrpcChannel channel, CancellationToken cancellationToken)
        {
            try
            {
                await StreamAsync(channel, cancellationToken);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested || e is RpcException { StatusCode: StatusCode.Cancelled })
            {
                // The benchmark is over.
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"stream {Node.Id} failed: {e.Message}");
                throw;
            }
            finally
            {
                _subscribed.TrySetResult();
            }
        }

        protected abstract Task StreamAsync(GrpcChannel channel, CancellationToken cancellationToken);

        protected static int IndexOf(string typeUrl) => ResourceTypes.AdditionOrder.IndexOf(typeUrl);

        protected IEnumerable<string> NamesFor(string typeUrl) => typeUrl switch
        {
            ResourceTypes.Endpoint => ClusterNames,
            ResourceTypes.Route => [XdsBenchmarkConfig.RouteConfigName],
            _ => [],
        };

        protected void Acked()
        {
            _subscribed.TrySetResult();
            progress.Report(index, Holds);
        }
    }

    /// <summary>Envoy on SotW ADS: names every load assignment and the route configuration, ACKs with version and nonce.</summary>
    private sealed class SotwBenchStream(int index, Node node, string[] clusterNames, HoldProgress progress)
        : BenchStream(index, node, clusterNames, progress)
    {
        protected override async Task StreamAsync(GrpcChannel channel, CancellationToken cancellationToken)
        {
            using var call = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(channel).StreamAggregatedResources(cancellationToken: cancellationToken);
            foreach (var type in ResourceTypes.AdditionOrder)
            {
                var request = new DiscoveryRequest { TypeUrl = type, Node = type == ResourceTypes.Cluster ? Node : null };
                request.ResourceNames.AddRange(NamesFor(type));
                await call.RequestStream.WriteAsync(request, cancellationToken);
            }

            await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                var ack = new DiscoveryRequest { TypeUrl = response.TypeUrl, VersionInfo = response.VersionInfo, ResponseNonce = response.Nonce };
                ack.ResourceNames.AddRange(NamesFor(response.TypeUrl));
                await call.RequestStream.WriteAsync(ack, cancellationToken);
                Holds[IndexOf(response.TypeUrl)] = response.VersionInfo;
                Acked();
            }
        }
    }

    /// <summary>Envoy on delta ADS: keeps name -> version per type and a running fingerprint of it.</summary>
    private sealed class DeltaBenchStream(int index, Node node, string[] clusterNames, HoldProgress progress)
        : BenchStream(index, node, clusterNames, progress)
    {
        private readonly Dictionary<string, string>[] _held = [.. ResourceTypes.AdditionOrder.Select(_ => new Dictionary<string, string>(StringComparer.Ordinal))];
        private readonly HeldSetFingerprint[] _fingerprints = new HeldSetFingerprint[ResourceTypes.AdditionOrder.Length];

        protected override async Task StreamAsync(GrpcChannel channel, CancellationToken cancellationToken)
        {
            using var call = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(channel).DeltaAggregatedResources(cancellationToken: cancellationToken);
            foreach (var type in ResourceTypes.AdditionOrder)
            {
                var request = new DeltaDiscoveryRequest { TypeUrl = type, Node = type == ResourceTypes.Cluster ? Node : null };
                request.ResourceNamesSubscribe.AddRange(NamesFor(type));
                await call.RequestStream.WriteAsync(request, cancellationToken);
            }

            await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                await call.RequestStream.WriteAsync(new DeltaDiscoveryRequest { TypeUrl = response.TypeUrl, ResponseNonce = response.Nonce }, cancellationToken);
                var type = IndexOf(response.TypeUrl);
                foreach (var resource in response.Resources)
                {
                    if (_held[type].TryGetValue(resource.Name, out var previous))
                    {
                        _fingerprints[type].Remove(resource.Name, previous);
                    }

                    _held[type][resource.Name] = resource.Version;
                    _fingerprints[type].Add(resource.Name, resource.Version);
                }

                foreach (var name in response.RemovedResources)
                {
                    if (_held[type].Remove(name, out var previous))
                    {
                        _fingerprints[type].Remove(name, previous);
                    }
                }

                Holds[type] = _fingerprints[type].ToString();
                Acked();
            }
        }
    }
}
