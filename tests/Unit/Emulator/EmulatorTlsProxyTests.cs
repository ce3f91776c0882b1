using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PSDropbox.Emulator;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>
/// The emulator's TLS proxy (--tls-proxy-port): clients that insist on https://api.dropboxapi.com etc. reach the emulator
/// through a CONNECT tunnel, trusting only the CA the emulator keeps in its data directory.
/// </summary>
public sealed class EmulatorTlsProxyTests
{
    private static Task<EmulatorHarness> StartWithProxyAsync(string? dataDir = null, Action<EmulatorOptions>? configure = null) =>
        EmulatorHarness.StartAsync(dataDir, configure: o =>
        {
            o.TlsProxyPort = 0;
            configure?.Invoke(o);
        });

    /// <summary>
    /// An HttpClient that goes through the proxy and trusts the CA in <paramref name="caPemPath"/> and nothing else.
    /// HttpClient speaks only HTTP/1.1 through a proxy, so for HTTP/2 it is given the CONNECT tunnel as its connection.
    /// </summary>
    private static HttpClient ClientThroughProxy(Uri proxy, string caPemPath, Version? version = null, Action<SocketsHttpHandler>? configure = null)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caPemPath));
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedBy(ca, certificate, errors) },
        };
        if (version == HttpVersion.Version20)
        {
            handler.UseProxy = false;
            handler.ConnectCallback = (context, ct) => OpenTunnelAsync(proxy, context.DnsEndPoint, ct);
        }
        else
        {
            handler.Proxy = new WebProxy(proxy);
            handler.UseProxy = true;
        }
        configure?.Invoke(handler);
        return new HttpClient(new ExactVersion(version ?? HttpVersion.Version11) { InnerHandler = handler }, disposeHandler: true);
    }

    private sealed class ExactVersion(Version version) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Version = version;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
            return base.SendAsync(request, cancellationToken);
        }
    }

    private static async ValueTask<Stream> OpenTunnelAsync(Uri proxy, DnsEndPoint target, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(proxy.Host, proxy.Port, cancellationToken);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"CONNECT {target.Host}:{target.Port} HTTP/1.1\r\nHost: {target.Host}:{target.Port}\r\n\r\n"), cancellationToken);
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, cancellationToken) == 1)
        {
            head.Append((char)one[0]);
        }
        Assert.StartsWith("HTTP/1.1 200 ", head.ToString());
        return stream;
    }

    private static bool TrustedBy(X509Certificate2 ca, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private static HttpRequestMessage Post(string url, string? apiArg = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorHarness.Token);
        if (apiArg is not null)
        {
            request.Headers.Add("Dropbox-API-Arg", apiArg);
        }
        return request;
    }

    private static ByteArrayContent Octets(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private static async Task<(int Status, string Text)> RawExchangeAsync(Uri proxy, string head)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(proxy.Host, proxy.Port);
        using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string text = await reader.ReadToEndAsync(cts.Token); // the proxy closes the connection after a refusal
        return (int.Parse(text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), text);
    }

    [Fact]
    public async Task WithoutTheOption_ThereIsNoProxyAndNoCa()
    {
        await using var h = await EmulatorHarness.StartAsync();
        Assert.Null(h.Emulator.TlsProxyUrl);
        Assert.Null(h.Emulator.TlsCaCertificatePath);
        Assert.False(Directory.Exists(Path.Combine(h.DataDir, "tls")));
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task ApiHostRpc_ThroughTheProxy_ReachesTheEmulatorWithAHostCertificateFromTheCa(string httpVersion)
    {
        await using var h = await StartWithProxyAsync();
        Uri proxy = h.Emulator.TlsProxyUrl!;
        Assert.Equal("127.0.0.1", proxy.Host);
        Assert.NotEqual(h.Emulator.BaseUrl.Port, proxy.Port);
        Assert.True(Path.IsPathFullyQualified(h.Emulator.TlsCaCertificatePath!));
        Assert.Equal(Path.GetFullPath(Path.Combine(h.DataDir, "tls", "ca.pem")), h.Emulator.TlsCaCertificatePath);

        string? presented = null;
        using var http = ClientThroughProxy(proxy, h.Emulator.TlsCaCertificatePath!, Version.Parse(httpVersion), handler =>
        {
            var trust = handler.SslOptions.RemoteCertificateValidationCallback!;
            handler.SslOptions.RemoteCertificateValidationCallback = (s, c, ch, e) =>
            {
                presented = c?.Subject;
                return trust(s, c, ch, e);
            };
        });
        using var response = await http.SendAsync(Post("https://api.dropboxapi.com/2/users/get_current_account", content: new StringContent("null", Encoding.UTF8, "application/json")));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal(Version.Parse(httpVersion), response.Version);
        Assert.Equal("CN=api.dropboxapi.com", presented);

        var direct = await h.OkAsync("users/get_current_account", "null");
        Assert.Equal(direct.GetProperty("account_id").GetString(), JsonDocument.Parse(body).RootElement.GetProperty("account_id").GetString());
        var log = JsonDocument.Parse(await h.Http.GetStringAsync("_emulator/requests")).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, log.Count(e => e.GetProperty("route").GetString() == "users/get_current_account"));
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task ContentHost_UploadThenDownloadWithRange_ThroughTheProxy(string httpVersion)
    {
        await using var h = await StartWithProxyAsync();
        using var http = ClientThroughProxy(h.Emulator.TlsProxyUrl!, h.Emulator.TlsCaCertificatePath!, Version.Parse(httpVersion));
        byte[] data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);

        using var upload = await http.SendAsync(Post("https://content.dropboxapi.com/2/files/upload", "{\"path\":\"/proxy/data.bin\"}", Octets(data)));
        string uploaded = await upload.Content.ReadAsStringAsync();
        Assert.True(upload.StatusCode == HttpStatusCode.OK, uploaded);
        Assert.Equal(data.Length, JsonDocument.Parse(uploaded).RootElement.GetProperty("size").GetInt64());

        using var whole = await http.SendAsync(Post("https://content.dropboxapi.com/2/files/download", "{\"path\":\"/proxy/data.bin\"}"));
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(data, await whole.Content.ReadAsByteArrayAsync());

        using var ranged = Post("https://content.dropboxapi.com/2/files/download", "{\"path\":\"/proxy/data.bin\"}");
        ranged.Headers.Range = new RangeHeaderValue(1_000_000, 1_999_999);
        using var part = await http.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal($"bytes 1000000-1999999/{data.Length}", part.Content.Headers.ContentRange!.ToString());
        Assert.Equal(data.AsSpan(1_000_000, 1_000_000).ToArray(), await part.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Http11_KeepsOneConnection_AndStreamsAChunkedUploadSession()
    {
        await using var h = await StartWithProxyAsync();
        int connections = 0;
        using var http = ClientThroughProxy(h.Emulator.TlsProxyUrl!, h.Emulator.TlsCaCertificatePath!, HttpVersion.Version11, handler =>
            handler.ConnectCallback = async (context, ct) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            });

        // 40 MiB in one request body of unknown length (Transfer-Encoding: chunked), produced as it is sent.
        const int Size = 40 * 1024 * 1024;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var body = new StreamContent(new GeneratedStream(Size, sha));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var start = Post("https://content.dropboxapi.com/2/files/upload_session/start", "{\"close\":true}", body);
        start.Headers.TransferEncodingChunked = true;
        using var started = await http.SendAsync(start);
        string startText = await started.Content.ReadAsStringAsync();
        Assert.True(started.StatusCode == HttpStatusCode.OK, startText);
        string session = JsonDocument.Parse(startText).RootElement.GetProperty("session_id").GetString()!;

        string finishArg = JsonSerializer.Serialize(new { cursor = new { session_id = session, offset = Size }, commit = new { path = "/big.bin" } });
        using var finished = await http.SendAsync(Post("https://content.dropboxapi.com/2/files/upload_session/finish", finishArg, Octets([])));
        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);

        using var download = await http.SendAsync(Post("https://content.dropboxapi.com/2/files/download", "{\"path\":\"/big.bin\"}"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(sha.GetHashAndReset(), await SHA256.HashDataAsync(await download.Content.ReadAsStreamAsync()));
        Assert.Equal(1, connections);
    }

    [Fact]
    public async Task NotifyHostLongpoll_ThroughTheProxy_WakesOnAChange()
    {
        await using var h = await StartWithProxyAsync(configure: o =>
        {
            o.LongpollTimeout = TimeSpan.FromSeconds(60);
            o.LongpollJitter = TimeSpan.Zero;
        });
        using var http = ClientThroughProxy(h.Emulator.TlsProxyUrl!, h.Emulator.TlsCaCertificatePath!);
        using var cursorReply = await http.SendAsync(Post("https://api.dropboxapi.com/2/files/list_folder/get_latest_cursor",
            content: new StringContent("{\"path\":\"\"}", Encoding.UTF8, "application/json")));
        string cursor = JsonDocument.Parse(await cursorReply.Content.ReadAsStringAsync()).RootElement.GetProperty("cursor").GetString()!;

        var poll = new HttpRequestMessage(HttpMethod.Post, "https://notify.dropboxapi.com/2/files/list_folder/longpoll")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { cursor, timeout = 60 }), Encoding.UTF8, "application/json"),
        };
        var stopwatch = Stopwatch.StartNew();
        var polling = http.SendAsync(poll);
        await Task.Delay(500);
        Assert.False(polling.IsCompleted, "the longpoll answered before any change");
        await h.CreateFolderAsync("/changed");
        using var answer = await polling.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("changes").GetBoolean());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ForeignHostsOtherPortsAndPlainProxyRequests_AreRefusedWithAReason()
    {
        await using var h = await StartWithProxyAsync();
        Uri proxy = h.Emulator.TlsProxyUrl!;

        var (status, text) = await RawExchangeAsync(proxy, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
        Assert.Equal(403, status);
        Assert.Contains("example.com is not a Dropbox host", text);
        Assert.Contains("api.dropboxapi.com, content.dropboxapi.com, notify.dropboxapi.com, www.dropbox.com on port 443", text);
        Assert.Contains("NO_PROXY", text);

        (status, text) = await RawExchangeAsync(proxy, "CONNECT api.dropboxapi.com:80 HTTP/1.1\r\nHost: api.dropboxapi.com:80\r\n\r\n");
        Assert.Equal(403, status);
        Assert.Contains("port 443 only", text);

        (status, text) = await RawExchangeAsync(proxy, "GET http://api.dropboxapi.com/2/users/get_current_account HTTP/1.1\r\nHost: api.dropboxapi.com\r\n\r\n");
        Assert.Equal(405, status);
        Assert.Contains("Allow: CONNECT", text);
        Assert.Contains("only tunnels CONNECT", text);

        using var http = ClientThroughProxy(proxy, h.Emulator.TlsCaCertificatePath!);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("https://www.example.com/"));
        Assert.Contains("403", refused.Message);

        // The refusals left the proxy working.
        using var ok = await http.SendAsync(Post("https://api.dropboxapi.com/2/users/get_current_account"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task TheCa_IsKeptOwnerOnlyInTheDataDirectory_AndReusedAfterARestart()
    {
        string dataDir = EmulatorHarness.NewTempDir();
        try
        {
            string caPath;
            byte[] caBytes;
            await using (var first = await StartWithProxyAsync(dataDir))
            {
                caPath = first.Emulator.TlsCaCertificatePath!;
                caBytes = await File.ReadAllBytesAsync(caPath);
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(caPath)!));
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(caPath));
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dataDir, "tls", "ca.key.pem")));
                }
            }
            string trustedCopy = Path.Combine(EmulatorHarness.NewTempDir(), "trusted-before-restart.pem");
            await File.WriteAllBytesAsync(trustedCopy, caBytes);

            await using var second = await StartWithProxyAsync(dataDir);
            Assert.Equal(caPath, second.Emulator.TlsCaCertificatePath);
            Assert.Equal(caBytes, await File.ReadAllBytesAsync(caPath));
            using var http = ClientThroughProxy(second.Emulator.TlsProxyUrl!, trustedCopy);
            using var reply = await http.SendAsync(Post("https://api.dropboxapi.com/2/users/get_current_account"));
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
            EmulatorHarness.DeleteDir(Path.GetDirectoryName(trustedCopy)!);
        }
        finally
        {
            EmulatorHarness.DeleteDir(dataDir);
        }
    }

    [Fact]
    public async Task AnUnreadableCa_StopsTheStartWithWhatToDo()
    {
        string dataDir = EmulatorHarness.NewTempDir();
        try
        {
            await (await StartWithProxyAsync(dataDir)).DisposeAsync();
            await File.WriteAllTextAsync(Path.Combine(dataDir, "tls", "ca.pem"), "not a certificate");
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => StartWithProxyAsync(dataDir));
            Assert.Contains(Path.Combine(dataDir, "tls"), e.Message);
            Assert.Contains("Delete that folder", e.Message);
        }
        finally
        {
            EmulatorHarness.DeleteDir(dataDir);
        }
    }

    [Fact]
    public async Task Cli_PrintsTheProxyLineAfterTheListeningLine()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "PSDropbox.Emulator.dll");
        string data = EmulatorHarness.NewTempDir();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "--port", "0", "--data", data, "--access-token", EmulatorHarness.Token, "--tls-proxy-port", "0" })
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            string first = (await p.StandardOutput.ReadLineAsync(cts.Token))!;
            string second = (await p.StandardOutput.ReadLineAsync(cts.Token))!;
            Assert.Matches(@"^PSDropbox emulator listening on http://127\.0\.0\.1:\d+$", first);
            var m = Regex.Match(second, @"^PSDropbox emulator TLS proxy on (http://127\.0\.0\.1:\d+) \(CA certificate: (.+)\)$");
            Assert.True(m.Success, second);
            Assert.Equal(Path.Combine(Path.GetFullPath(data), "tls", "ca.pem"), m.Groups[2].Value);

            using var http = ClientThroughProxy(new Uri(m.Groups[1].Value), m.Groups[2].Value);
            using var reply = await http.SendAsync(Post("https://api.dropboxapi.com/2/users/get_current_account"));
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        }
        finally
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            EmulatorHarness.DeleteDir(data);
        }
    }

    /// <summary>A read-only stream of pseudo-random bytes made as it is read (never held whole), hashed on the way.</summary>
    private sealed class GeneratedStream(long length, IncrementalHash hash) : Stream
    {
        private readonly Random _random = new(42);
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Min(buffer.Length, length - _position);
            _random.NextBytes(buffer[..n]);
            hash.AppendData(buffer[..n]);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
