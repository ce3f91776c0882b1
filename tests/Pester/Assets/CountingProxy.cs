// A forward HTTP proxy for tests (Add-Type -Path): absolute-form requests (http://...) and CONNECT tunnels (https), each
// counted. Every request is sent to Target when it is set (so a client's endpoint can be an address where nothing
// listens: only requests that go through the proxy arrive). RequiredAuthorization ("Basic <base64>") makes it answer
// 407 to requests without it. One exchange per connection: the forwarded request asks the server to close after its
// answer, so each request the client makes is one connection here.
using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace PSDropboxTests
{
    public sealed class CountingProxy : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private int _requests;
        private int _refused;

        public CountingProxy(string target = null, string requiredAuthorization = null)
        {
            Target = string.IsNullOrEmpty(target) ? null : target;
            RequiredAuthorization = string.IsNullOrEmpty(requiredAuthorization) ? null : requiredAuthorization; // PowerShell passes $null as ""
            _listener.Start();
            Task.Run(AcceptAsync);
        }

        /// <summary>host:port every request goes to, or null for the one the client asked for.</summary>
        public string Target { get; }
        public string RequiredAuthorization { get; }
        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
        public string Url => "http://127.0.0.1:" + Port;
        /// <summary>Requests passed on (a CONNECT tunnel counts once).</summary>
        public int Requests => Volatile.Read(ref _requests);
        /// <summary>Requests answered 407.</summary>
        public int Refused => Volatile.Read(ref _refused);
        public ConcurrentQueue<string> RequestLines { get; } = new ConcurrentQueue<string>();

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false); }
                catch (Exception) { return; }
                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    var stream = client.GetStream();
                    var head = await ReadHeadAsync(stream).ConfigureAwait(false);
                    if (head == null) return;
                    var lines = head.Split(new[] { "\r\n" }, StringSplitOptions.None);
                    var parts = lines[0].Split(' ');
                    if (RequiredAuthorization != null && !HasHeader(lines, "Proxy-Authorization", RequiredAuthorization))
                    {
                        Interlocked.Increment(ref _refused);
                        var refusal = Encoding.ASCII.GetBytes("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                        await stream.WriteAsync(refusal, 0, refusal.Length).ConfigureAwait(false);
                        return;
                    }
                    Interlocked.Increment(ref _requests);
                    RequestLines.Enqueue(lines[0]);
                    string hostPort;
                    byte[] forward = null;
                    if (parts[0] == "CONNECT")
                    {
                        hostPort = parts[1];
                    }
                    else
                    {
                        var uri = new Uri(parts[1]);
                        hostPort = uri.Authority;
                        var rewritten = new StringBuilder(parts[0] + " " + uri.PathAndQuery + " " + parts[2] + "\r\n");
                        for (var i = 1; i < lines.Length; i++)
                        {
                            if (lines[i].Length == 0) continue;
                            var name = lines[i].Split(':')[0].Trim();
                            if (name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase) || name.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase) ||
                                name.Equals("Connection", StringComparison.OrdinalIgnoreCase)) continue;
                            rewritten.Append(lines[i]).Append("\r\n");
                        }
                        rewritten.Append("Connection: close\r\n\r\n");
                        forward = Encoding.ASCII.GetBytes(rewritten.ToString());
                    }
                    var target = (Target ?? hostPort).Split(':');
                    using (var upstream = new TcpClient())
                    {
                        await upstream.ConnectAsync(target[0], int.Parse(target[1])).ConfigureAwait(false);
                        var server = upstream.GetStream();
                        if (forward == null)
                        {
                            var ok = Encoding.ASCII.GetBytes("HTTP/1.1 200 Connection established\r\n\r\n");
                            await stream.WriteAsync(ok, 0, ok.Length).ConfigureAwait(false);
                        }
                        else
                        {
                            await server.WriteAsync(forward, 0, forward.Length).ConfigureAwait(false);
                        }
                        var up = stream.CopyToAsync(server);
                        var down = server.CopyToAsync(stream);
                        await Task.WhenAny(up, down).ConfigureAwait(false);
                        if (forward != null) await down.ConfigureAwait(false);
                    }
                }
                catch (Exception)
                {
                    // a side hung up
                }
            }
        }

        private static bool HasHeader(string[] lines, string name, string value)
        {
            foreach (var line in lines)
            {
                var colon = line.IndexOf(':');
                if (colon > 0 && line.Substring(0, colon).Trim().Equals(name, StringComparison.OrdinalIgnoreCase) && line.Substring(colon + 1).Trim() == value) return true;
            }
            return false;
        }

        private static async Task<string> ReadHeadAsync(NetworkStream stream)
        {
            var head = new StringBuilder();
            var one = new byte[1];
            while (true)
            {
                if (await stream.ReadAsync(one, 0, 1).ConfigureAwait(false) == 0) return null;
                head.Append((char)one[0]);
                if (head.Length >= 4 && head[head.Length - 1] == '\n' && head.ToString(head.Length - 4, 4) == "\r\n\r\n") return head.ToString(0, head.Length - 4);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
