using System.Net.Http.Headers;
using System.Text;

namespace PSDropbox.Transport;

/// <summary>
/// One long-lived HttpClient per connection with the handler chain auth -> retry -> logging -> transfer rate -> idle
/// timeout -> socket,
/// configured by the connection's <see cref="TransportSettings"/>. Builds requests in the three Dropbox endpoint styles
/// (RPC, upload, download).
/// </summary>
public sealed class DropboxTransport : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue OctetStream = new("application/octet-stream");
    private readonly HttpClient _http;

    public DropboxTransport(DropboxEndpoints endpoints, ITokenSource tokens, HttpMessageHandler? socketHandler = null, TransportSettings? settings = null)
        : this(endpoints, _ => tokens, socketHandler, settings)
    {
    }

    /// <summary>For a token source that refreshes through this same transport (one HttpClient per connection).</summary>
    public DropboxTransport(DropboxEndpoints endpoints, Func<DropboxTransport, ITokenSource> tokens, HttpMessageHandler? socketHandler = null,
        TransportSettings? settings = null)
    {
        Endpoints = endpoints ?? throw new ArgumentNullException(nameof(endpoints));
        if (tokens is null) throw new ArgumentNullException(nameof(tokens));
        Settings = settings ?? TransportSettings.Default;
        var socket = socketHandler ?? SocketHandlerFactory.Create(Settings);
        var timeouts = new IdleTimeoutHandler(() => Settings.ConnectionTimeout, () => TransportOverrides.Current?.OperationTimeout ?? Settings.OperationTimeout, socket);
        var rate = new TransferRateHandler(Settings.MaxTransferRate is long bytesPerSecond ? new TransferRateLimiter(bytesPerSecond) : null, timeouts);
        _http = new HttpClient(new AuthHandler(tokens(this), new RetryHandler(() => Settings.Retry, new LoggingHandler(rate))))
        {
            // The idle timeout handler bounds every wait instead: transfers and longpolls may rightly run for hours.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("PSDropbox/" + typeof(DropboxTransport).Assembly.GetName().Version);
    }

    /// <summary>Timeouts and retry budget of this connection.</summary>
    public TransportSettings Settings { get; }

    /// <summary>The bounds and backoff of this transport's retries, for callers that retry what the transport cannot (a commit, a body).</summary>
    public RetryPolicy RetryPolicy => Settings.Retry;

    public DropboxEndpoints Endpoints { get; }

    /// <summary>RPC style: JSON argument in the body. A null argument is the Void argument, sent as <c>null</c>.</summary>
    public HttpRequestMessage CreateRpcRequest(string route, byte[]? jsonArgument, bool notifyHost = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, RouteUri(notifyHost ? Endpoints.Notify : Endpoints.Api, route));
        request.SetRoute(route);
        request.Content = new ByteArrayContent(jsonArgument ?? Encoding.ASCII.GetBytes("null"));
        request.Content.Headers.ContentType = Json;
        return request;
    }

    /// <summary>Upload style: JSON argument in Dropbox-API-Arg, raw bytes in the body.</summary>
    public HttpRequestMessage CreateUploadRequest(string route, string jsonArgument, HttpContent body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, RouteUri(Endpoints.Content, route));
        request.SetRoute(route);
        request.Headers.TryAddWithoutValidation("Dropbox-API-Arg", ApiArgEncoder.EscapeForHeader(jsonArgument));
        body.Headers.ContentType = OctetStream;
        request.Content = body;
        return request;
    }

    /// <summary>Download style: JSON argument in Dropbox-API-Arg, empty body, result in Dropbox-API-Result.</summary>
    public HttpRequestMessage CreateDownloadRequest(string route, string jsonArgument, long? rangeStart = null, long? rangeEnd = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, RouteUri(Endpoints.Content, route));
        request.SetRoute(route);
        request.SetStreamedResponse();
        request.Headers.TryAddWithoutValidation("Dropbox-API-Arg", ApiArgEncoder.EscapeForHeader(jsonArgument));
        if (rangeStart is not null || rangeEnd is not null) request.Headers.Range = new RangeHeaderValue(rangeStart ?? 0, rangeEnd);
        return request;
    }

    /// <summary>POST {api host}/oauth2/token with form fields; it carries no bearer token.</summary>
    public HttpRequestMessage CreateOAuthTokenRequest(IEnumerable<KeyValuePair<string, string>> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Endpoints.Api, "oauth2/token"));
        request.SetRoute("oauth2/token");
        request.SetNoAuth();
        request.Content = new FormUrlEncodedContent(form);
        return request;
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken) =>
        _http.SendAsync(request, completion, cancellationToken);

    public void Dispose() => _http.Dispose();

    private static Uri RouteUri(Uri host, string route) => new(host, "2/" + route);
}
