using System.Globalization;
using ControlPlane.Xds.Cache;
using Envoy.Service.Discovery.V3;
using Grpc.Core;

namespace ControlPlane.Benchmarks;

/// <summary>
/// The transport's share of an idle stream's memory: the same client fleet, the same Kestrel settings, but an ADS service
/// that answers each subscription with the current set and keeps nothing. What an idle stream costs here (Kestrel's HTTP/2
/// connection and stream, pipes, the gRPC call) no xDS server built on this stack can go below.
/// </summary>
internal static class XdsBenchmarkFloor
{
    /// <summary>Prints KiB per idle stream for each size; returns the figure of the largest.</summary>
    public static async Task<double> RunAsync(int[] sizes, XdsBenchmark.Settings settings)
    {
        var largest = 0.0;
        await using var server = await XdsBenchmark.BenchServer.StartAsync(floor: true);
        var snapshot = XdsBenchmarkConfig.Build(settings.Clusters, update: 0);
        server.Cache.Publish(XdsBenchmarkConfig.Group, snapshot);
        Console.WriteLine($"xds transport floor: a stateless ADS service on the xDS Kestrel settings, {settings.StreamsPerConnection} stream(s) per HTTP/2 connection");
        Console.WriteLine($"{"streams",7} {"KiB/idle stream",16}");
        foreach (var streams in sizes)
        {
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            using var clients = XdsBenchmark.ClientProcess.Start(server.Address, "sotw", streams, settings, XdsBenchmark.RunId("floor", streams));
            await clients.ExpectAsync(snapshot);
            await clients.HeldAsync();
            var idle = GC.GetTotalMemory(forceFullCollection: true);
            await XdsBenchmark.HoldAsync(settings, streams);
            largest = (idle - baseline) / (double)streams;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{streams,7} {largest / 1024,16:F1}"));
            await clients.ExitAsync();
        }

        return largest;
    }

    /// <summary>Answers every request that is not an ACK with the type's whole current set, as SotW does, and keeps no state.</summary>
    internal sealed class StatelessAds(ISnapshotCache cache) : AggregatedDiscoveryService.AggregatedDiscoveryServiceBase
    {
        public override async Task StreamAggregatedResources(IAsyncStreamReader<DiscoveryRequest> requestStream, IServerStreamWriter<DiscoveryResponse> responseStream, ServerCallContext context)
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                var request = requestStream.Current;
                if (request.ResponseNonce.Length > 0 || cache.Get(XdsBenchmarkConfig.Group) is not { } snapshot)
                {
                    continue;
                }

                var set = snapshot.Get(request.TypeUrl);
                var response = new DiscoveryResponse { TypeUrl = request.TypeUrl, VersionInfo = set.Version, Nonce = "1" };
                response.Resources.AddRange(set.InNameOrder.Select(r => r.Any));
                await responseStream.WriteAsync(response);
            }
        }
    }
}
