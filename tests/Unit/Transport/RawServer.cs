using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PSDropbox.Tests.Unit.Transport;

/// <summary>
/// A loopback TCP server that plays one scripted behaviour per accepted connection (the last one repeats): answer,
/// stall before, during or after the answer, or never read the request. It knows nothing of the client, so the
/// transport's timeouts are proven against real sockets.
/// </summary>
internal sealed class RawServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Func<NetworkStream, CancellationToken, Task>> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    public RawServer(params Func<NetworkStream, CancellationToken, Task>[] script)
    {
        _script = script.ToList();
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public Uri HttpUrl => new($"http://127.0.0.1:{Port}/");
    public Uri HttpsUrl => new($"https://127.0.0.1:{Port}/");
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Reads the request head (and a body of Content-Length bytes) and answers with a JSON body.</summary>
    public static Func<NetworkStream, CancellationToken, Task> Answer(string json = "{\"ok\":true}") => async (stream, ct) =>
    {
        await ReadRequestAsync(stream, ct);
        await WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}", ct);
    };

    /// <summary>Accepts the connection and says nothing at all (for https: no TLS handshake).</summary>
    public static Func<NetworkStream, CancellationToken, Task> Silent() => (_, ct) => Task.Delay(Timeout.Infinite, ct);

    /// <summary>Reads the request, then never answers.</summary>
    public static Func<NetworkStream, CancellationToken, Task> NoAnswer() => async (stream, ct) =>
    {
        await ReadRequestAsync(stream, ct);
        await Task.Delay(Timeout.Infinite, ct);
    };

    /// <summary>Reads the request head only and stops reading: a large body fills the socket buffers and the client's send stalls.</summary>
    public static Func<NetworkStream, CancellationToken, Task> StopReadingBody() => async (stream, ct) =>
    {
        await ReadHeadAsync(stream, ct);
        await Task.Delay(Timeout.Infinite, ct);
    };

    /// <summary>Answers the headers and <paramref name="sent"/> of <paramref name="length"/> body bytes, then stays silent.</summary>
    public static Func<NetworkStream, CancellationToken, Task> StallMidBody(int length, int sent) => async (stream, ct) =>
    {
        await ReadRequestAsync(stream, ct);
        await WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n", ct);
        await stream.WriteAsync(new byte[sent], ct);
        await Task.Delay(Timeout.Infinite, ct);
    };

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (SocketException) { return; }
            var n = Interlocked.Increment(ref _connections);
            var step = _script[Math.Min(n - 1, _script.Count - 1)];
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try { await step(client.GetStream(), _stop.Token); }
                    catch (Exception) { /* the client hung up, or the server stops */ }
                }
            });
        }
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, ct) == 0) throw new IOException("closed");
            head.Append((char)one[0]);
        }
        return head.ToString();
    }

    private static async Task ReadRequestAsync(NetworkStream stream, CancellationToken ct)
    {
        var head = await ReadHeadAsync(stream, ct);
        var line = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = line is null ? 0 : long.Parse(line["Content-Length:".Length..].Trim());
        var buffer = new byte[64 * 1024];
        while (length > 0)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), ct);
            if (n == 0) throw new IOException("closed");
            length -= n;
        }
    }

    private static Task WriteAsync(NetworkStream stream, string text, CancellationToken ct) => stream.WriteAsync(Encoding.ASCII.GetBytes(text), ct).AsTask();

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
    }
}
