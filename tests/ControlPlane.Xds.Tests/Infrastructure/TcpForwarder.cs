using System.Net;
using System.Net.Sockets;

namespace ControlPlane.Xds.Tests.Infrastructure;

/// <summary>
/// A port-forward (as <c>kubectl port-forward</c> or a Kubernetes Service does): listens on one loopback port and pipes
/// each connection, both ways, to another. The client's target port is then not the port the server listens on.
/// </summary>
internal sealed class TcpForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public TcpForwarder(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAllAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAllAsync()
    {
        var pipes = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                pipes.Add(PipeAsync(client));
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // Stopped.
        }

        await Task.WhenAll(pipes);
    }

    private async Task PipeAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient { NoDelay = true })
        {
            client.NoDelay = true;
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
                var up = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
                var down = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                // Either side closing ends the connection, as a forwarder does; the other copy then fails, observed here.
                await Task.WhenAny(up, down);
                client.Dispose();
                server.Dispose();
                await Task.WhenAll(up, down).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                // Stopped.
            }
            catch (IOException)
            {
                // A side reset the connection.
            }
            catch (SocketException)
            {
                // The server is gone.
            }
        }
    }
}
