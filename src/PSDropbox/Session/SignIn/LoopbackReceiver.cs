using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PSDropbox.SignIn;

/// <summary>
/// Receives the browser's redirect after /oauth2/authorize on http://127.0.0.1:PORT/ — bound to the loopback address
/// only, never to all interfaces. Each connection is read with a timeout, so idle or speculative browser connections
/// cannot stall it; requests without code or error (favicon...) get a 404 and waiting goes on.
/// </summary>
internal sealed class LoopbackReceiver : IDisposable
{
    private const int MaxRequestHead = 16 * 1024;
    private static readonly TimeSpan ConnectionTimeout = TimeSpan.FromSeconds(10);
    private readonly TcpListener _listener;

    private LoopbackReceiver(TcpListener listener) => _listener = listener;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string RedirectUri => $"http://127.0.0.1:{Port}/";

    public static LoopbackReceiver Start(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port) { ExclusiveAddressUse = true };
        try
        {
            listener.Start();
        }
        catch (SocketException e)
        {
            throw new SignInException(SignInFailure.PortInUse,
                $"Cannot listen on 127.0.0.1:{port} for the sign-in redirect ({e.Message}). Close what uses the port, or register http://127.0.0.1:<other port>/ for the app and pass -Port.", e);
        }
        return new LoopbackReceiver(listener);
    }

    /// <summary>Waits for the redirect and answers the browser. Returns the code; throws SignInException for a denial or a wrong state.</summary>
    public async Task<string> WaitForCodeAsync(string expectedState, CancellationToken cancellationToken)
    {
        using var stop = cancellationToken.Register(() => _listener.Stop());
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && (e is SocketException || e is ObjectDisposedException || e is InvalidOperationException))
            {
                throw new OperationCanceledException(cancellationToken);
            }
            using (client)
            {
                var query = await ReadQueryAsync(client, cancellationToken).ConfigureAwait(false);
                if (query is null || (!query.ContainsKey("code") && !query.ContainsKey("error")))
                {
                    await RespondAsync(client, 404, "Not found", "This address only receives the Dropbox sign-in.").ConfigureAwait(false);
                    continue;
                }
                query.TryGetValue("state", out var state);
                if (!string.Equals(state, expectedState, StringComparison.Ordinal))
                {
                    await RespondAsync(client, 400, "Sign-in refused", "The answer did not carry the state this sign-in sent, so it was refused. Start Connect-Dropbox again.").ConfigureAwait(false);
                    throw new SignInException(SignInFailure.StateMismatch,
                        "The sign-in redirect carried a wrong state (it did not come from this sign-in, or is stale), so it was refused. Run Connect-Dropbox again.");
                }
                if (query.TryGetValue("error", out var error))
                {
                    query.TryGetValue("error_description", out var description);
                    await RespondAsync(client, 200, "Sign-in cancelled", "PSDropbox was not given access. You can close this window.").ConfigureAwait(false);
                    throw new SignInException(SignInFailure.Denied, error == "access_denied"
                        ? "The sign-in was cancelled in the browser: the app was not given access to Dropbox."
                        : $"Dropbox did not sign you in: {description ?? error} ({error}).");
                }
                await RespondAsync(client, 200, "Signed in", "PSDropbox received the authorization. You can close this window and return to PowerShell.").ConfigureAwait(false);
                return query["code"];
            }
        }
    }

    private static async Task<Dictionary<string, string>?> ReadQueryAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectionTimeout);
        var stream = client.GetStream();
        var buffer = new byte[MaxRequestHead];
        var length = 0;
        try
        {
            while (length < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer, length, buffer.Length - length, timeout.Token).ConfigureAwait(false);
                if (read == 0) break;
                length += read;
                if (Encoding.ASCII.GetString(buffer, 0, length).Contains("\r\n\r\n")) break;
            }
        }
        catch (Exception e) when (e is IOException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        var head = Encoding.ASCII.GetString(buffer, 0, length);
        var line = head.Split(new[] { "\r\n" }, 2, StringSplitOptions.None)[0].Split(' ');
        if (line.Length != 3 || line[0] != "GET" || !line[1].StartsWith("/", StringComparison.Ordinal)) return null;
        var target = line[1];
        var question = target.IndexOf('?');
        if (question < 0 || target.Substring(0, question) != "/") return new Dictionary<string, string>();
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in target.Substring(question + 1).Split('&'))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0) continue;
            query[Uri.UnescapeDataString(pair.Substring(0, equals))] = Uri.UnescapeDataString(pair.Substring(equals + 1).Replace('+', ' '));
        }
        return query;
    }

    private static async Task RespondAsync(TcpClient client, int status, string title, string text)
    {
        var body = Encoding.UTF8.GetBytes(
            $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title} - PSDropbox</title></head><body><h1>{title}</h1><p>{text}</p></body></html>");
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} {(status == 200 ? "OK" : status == 404 ? "Not Found" : "Bad Request")}\r\nContent-Type: text/html; charset=utf-8\r\n" +
            $"Content-Length: {body.Length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n");
        try
        {
            var stream = client.GetStream();
            await stream.WriteAsync(head, 0, head.Length).ConfigureAwait(false);
            await stream.WriteAsync(body, 0, body.Length).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The browser went away; the outcome stands.
        }
    }

    public void Dispose() => _listener.Stop();
}
