using System.Diagnostics;
using System.Globalization;

namespace ControlPlane.Enforcement.Tests.Infrastructure;

/// <summary>
/// A real Redis Cluster on loopback: six <c>redis-server</c>s in cluster mode (three masters, three replicas), joined
/// by <c>redis-cli --cluster create</c>, as a fleet's Redis Cluster would be.
/// </summary>
internal sealed class RedisCluster : IAsyncDisposable
{
    private const int Nodes = 6;

    private readonly List<RedisServer> _servers;
    private readonly string _directory;

    private RedisCluster(List<RedisServer> servers, string directory)
    {
        _servers = servers;
        _directory = directory;
    }

    /// <summary>Every node, as StackExchange.Redis takes cluster seeds.</summary>
    public string ConnectionString => string.Join(',', _servers.Select(s => s.ConnectionString));

    public static async Task<RedisCluster> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("redis-cluster-").FullName;
        var servers = new List<RedisServer>();
        try
        {
            foreach (var port in ClusterPorts())
            {
                var node = Path.Combine(directory, port.ToString(CultureInfo.InvariantCulture));
                Directory.CreateDirectory(node);
                servers.Add(await RedisServer.StartAsync(port, ["--cluster-enabled", "yes", "--cluster-node-timeout", "2000", "--dir", node]));
            }

            var create = await RunCliAsync(["--cluster", "create", .. servers.Select(s => s.ConnectionString), "--cluster-replicas", "1", "--cluster-yes"]);
            if (create.Code != 0)
            {
                throw new InvalidOperationException($"redis-cli --cluster create failed: {create.Output}");
            }

            var cluster = new RedisCluster(servers, directory);
            await cluster.WaitUntilHealthyAsync();
            return cluster;
        }
        catch
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>
    /// Returns once every node reports <c>cluster_state:ok</c> with all 16384 slots served and sees three replicas:
    /// right after <c>--cluster create</c> the slots are assigned before the replicas have joined their masters.
    /// </summary>
    public async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var server in _servers)
        {
            while (true)
            {
                var port = server.Port.ToString(CultureInfo.InvariantCulture);
                var info = await RunCliAsync(["-p", port, "cluster", "info"]);
                var nodes = await RunCliAsync(["-p", port, "cluster", "nodes"]);
                // Each line: id, address, flags ("slave", "myself,slave", "master", …), …
                var replicas = nodes.Output.Split('\n').Count(line => line.Split(' ') is [_, _, var flags, ..] && flags.Split(',').Contains("slave"));
                if (info.Output.Contains("cluster_state:ok", StringComparison.Ordinal) && info.Output.Contains("cluster_slots_ok:16384", StringComparison.Ordinal) && replicas == Nodes / 2)
                {
                    break;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"The Redis Cluster did not become healthy: {info.Output}\n{nodes.Output}");
                }

                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Free ports whose cluster bus port (port + 10000) is free too.</summary>
    private static List<int> ClusterPorts()
    {
        var ports = new List<int>();
        while (ports.Count < Nodes)
        {
            var port = RedisServer.FreePort();
            if (port + 10000 <= 65535 && !RedisServer.Accepts(port + 10000) && !ports.Contains(port))
            {
                ports.Add(port);
            }
        }

        return ports;
    }

    private static async Task<(int Code, string Output)> RunCliAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}
