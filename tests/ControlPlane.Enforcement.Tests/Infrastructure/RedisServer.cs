using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ControlPlane.Enforcement.Tests.Infrastructure;

/// <summary>
/// A throwaway <c>redis-server</c> on a free loopback port, without persistence. Stop and restart it to test outages;
/// it keeps its port.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private readonly IReadOnlyList<string> _extraArguments;

    private RedisServer(int port, IReadOnlyList<string>? extraArguments = null)
    {
        Port = port;
        _extraArguments = extraArguments ?? [];
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Null when <c>redis-server</c> is on the PATH; otherwise why Redis tests cannot run.</summary>
    public static string? Unavailable { get; } = FindExecutable() is null ? "redis-server is not installed (apt-get install redis-server)" : null;

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePort());
        await server.RestartAsync();
        return server;
    }

    /// <summary>A server with more arguments (cluster mode) on a port of the caller's choosing.</summary>
    public static async Task<RedisServer> StartAsync(int port, IReadOnlyList<string> extraArguments)
    {
        var server = new RedisServer(port, extraArguments);
        await server.RestartAsync();
        return server;
    }

    public async Task RestartAsync()
    {
        var executable = FindExecutable() ?? throw new InvalidOperationException(Unavailable);
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in _extraArguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilAsync(() => Accepts(Port), "redis-server to accept connections");
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
        await WaitUntilAsync(() => !Accepts(Port), "redis-server to stop");
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Append("/usr/bin").Append("/usr/local/bin")
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(20);
        }
    }
}
