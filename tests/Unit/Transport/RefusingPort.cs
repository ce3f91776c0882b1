using System.Net;
using System.Net.Sockets;

namespace PSDropbox.Tests.Unit.Transport;

/// <summary>
/// A loopback port where nothing listens: connecting is refused. The port stays bound (never listening) until disposed,
/// so no server started meanwhile, by this test or one running in parallel, can be given it; a port found free and
/// released again can be, and then something answers there.
/// </summary>
internal sealed class RefusingPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusingPort() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_socket.LocalEndPoint!).Port}/");

    public void Dispose() => _socket.Dispose();
}
