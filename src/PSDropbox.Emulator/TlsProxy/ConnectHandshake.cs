using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;

namespace PSDropbox.Emulator.TlsProxy;

/// <summary>
/// The proxy half of the TLS proxy listener, a Kestrel connection middleware that runs before TLS: it reads the client's
/// "CONNECT host:443 HTTP/1.1" head, answers 200 for Dropbox's hostnames and hands the connection on (to TLS, then to the
/// emulator's own HTTP pipeline). Anything else gets a plain-text 400/403/405 and the connection is closed.
/// </summary>
internal static class ConnectHandshake
{
    /// <summary>ConnectionContext.Items key holding the host the client CONNECTed to (picks the server certificate).</summary>
    public const string HostItem = "PSDropbox.TlsProxy.Host";

    private const int MaxHeadBytes = 16 * 1024;
    private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(30);

    public static Func<ConnectionDelegate, ConnectionDelegate> Middleware(IReadOnlyCollection<string> hosts) => next => async connection =>
    {
        var (head, tooLong) = await ReadHeadAsync(connection).ConfigureAwait(false);
        var output = connection.Transport.Output;
        if (tooLong)
        {
            await RefuseAsync(output, 400, "Bad Request", "The request head is longer than 16 KiB.").ConfigureAwait(false);
            return;
        }
        if (head is null)
        {
            return; // the client went away or sent nothing in time
        }
        string[] requestLine = head[..(head.IndexOf('\r') is int cr and >= 0 ? cr : head.Length)].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            await RefuseAsync(output, 400, "Bad Request", "This is not an HTTP/1.x request line.").ConfigureAwait(false);
            return;
        }
        if (requestLine[0] != "CONNECT")
        {
            await RefuseAsync(output, 405, "Method Not Allowed",
                $"The PSDropbox emulator's TLS proxy only tunnels CONNECT to {HostList(hosts)}; send plain-http requests straight to the emulator's own URL.",
                allowConnect: true).ConfigureAwait(false);
            return;
        }
        string target = requestLine[1];
        int colon = target.LastIndexOf(':');
        string host = (colon > 0 ? target[..colon] : target).TrimEnd('.').ToLowerInvariant();
        if (!hosts.Contains(host))
        {
            await RefuseAsync(output, 403, "Forbidden",
                $"{host} is not a Dropbox host: the PSDropbox emulator's TLS proxy only tunnels {HostList(hosts)}. Put other hosts in NO_PROXY.").ConfigureAwait(false);
            return;
        }
        if (colon < 0 || target[(colon + 1)..] != "443")
        {
            await RefuseAsync(output, 403, "Forbidden", $"The PSDropbox emulator's TLS proxy tunnels {host} on port 443 only, not '{target}'.").ConfigureAwait(false);
            return;
        }
        await output.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray()).ConfigureAwait(false);
        connection.Items[HostItem] = host;
        await next(connection).ConfigureAwait(false);
    };

    private static string HostList(IReadOnlyCollection<string> hosts) => string.Join(", ", hosts.Order(StringComparer.Ordinal)) + " on port 443";

    /// <summary>Reads up to the blank line ending the head, leaving anything after it (the TLS ClientHello) in the pipe.</summary>
    private static async Task<(string? Head, bool TooLong)> ReadHeadAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        timeout.CancelAfter(HeadTimeout);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (TryTakeHead(buffer, out string? head, out var afterHead))
                {
                    input.AdvanceTo(afterHead);
                    return (head, false);
                }
                input.AdvanceTo(buffer.Start, buffer.End);
                if (buffer.Length > MaxHeadBytes)
                {
                    return (null, true);
                }
                if (result.IsCompleted)
                {
                    return (null, false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return (null, false);
        }
    }

    private static bool TryTakeHead(ReadOnlySequence<byte> buffer, out string? head, out SequencePosition afterHead)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryReadTo(out ReadOnlySequence<byte> bytes, "\r\n\r\n"u8, advancePastDelimiter: true))
        {
            head = Encoding.Latin1.GetString(bytes);
            afterHead = reader.Position;
            return true;
        }
        head = null;
        afterHead = default;
        return false;
    }

    private static async Task RefuseAsync(PipeWriter output, int status, string reason, string text, bool allowConnect = false)
    {
        byte[] body = Encoding.UTF8.GetBytes(text + "\n");
        string head = $"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\n"
            + (allowConnect ? "Allow: CONNECT\r\n" : "") + "Connection: close\r\n\r\n";
        await output.WriteAsync(Encoding.ASCII.GetBytes(head)).ConfigureAwait(false);
        await output.WriteAsync(body).ConfigureAwait(false);
    }
}
