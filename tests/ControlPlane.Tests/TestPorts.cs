using System.Net;
using System.Net.Sockets;

namespace ControlPlane.Tests;

internal static class TestPorts
{
    /// <summary>A port free right now on loopback; the server binds it a moment later.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
