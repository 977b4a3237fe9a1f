using System.Net;
using System.Net.Sockets;

namespace ControlPlane.Testing;

/// <summary>
/// Listens on a port of its own and copies bytes both ways to a target port, like a Kubernetes Service or a
/// port-forward: the port the client dials is not the port the server listens on. <see cref="Stall"/> stops copying
/// towards the target (a hung network or store), <see cref="Resume"/> lets the held bytes through.
/// </summary>
internal sealed class TcpForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Lock _gate = new();
    private readonly Task _accepting;
    private TaskCompletionSource _flowing = Open();

    public TcpForwarder(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Stall()
    {
        lock (_gate)
        {
            if (_flowing.Task.IsCompleted)
            {
                _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Resume()
    {
        lock (_gate)
        {
            _flowing.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Resume();
        await _stopping.CancelAsync();
        _listener.Stop();
        lock (_gate)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        await _accepting.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                var target = new TcpClient();
                await target.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
                lock (_gate)
                {
                    _connections.Add(client);
                    _connections.Add(target);
                }

                _ = CopyAsync(client.GetStream(), target.GetStream(), towardsTarget: true);
                _ = CopyAsync(target.GetStream(), client.GetStream(), towardsTarget: false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task CopyAsync(NetworkStream from, NetworkStream to, bool towardsTarget)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stopping.Token);
                if (read == 0)
                {
                    to.Socket.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (towardsTarget)
                {
                    Task flowing;
                    lock (_gate)
                    {
                        flowing = _flowing.Task;
                    }

                    await flowing.WaitAsync(_stopping.Token);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // A side closed or the forwarder stopped.
        }
    }
}
