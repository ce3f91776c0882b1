using System.Text;
using PSDropbox.Transport;

namespace PSDropbox.Client;

/// <summary>
/// Any route by name, through the same transport as the typed clients (auth, refresh, logging): RPC with a JSON
/// argument, upload with a body stream, download into a stream. Results are the raw JSON text.
/// </summary>
public sealed class RawClient
{
    private const string LongpollRoute = "files/list_folder/longpoll";
    private readonly ApiCaller _api;

    internal RawClient(ApiCaller api) => _api = api;

    /// <summary>"files/get_metadata", "/2/files/get_metadata" and "2/files/get_metadata" all name the same route.</summary>
    public static string NormalizeRoute(string route)
    {
        if (route is null) throw new ArgumentNullException(nameof(route));
        var name = route.Trim().TrimStart('/');
        if (name.StartsWith("2/", StringComparison.Ordinal)) name = name.Substring(2);
        if (name.Length == 0 || name.IndexOf('/') <= 0 || name.EndsWith("/", StringComparison.Ordinal) || name.Any(char.IsWhiteSpace))
            throw new ArgumentException($"'{route}' is not a route name such as files/get_metadata or users/get_current_account.", nameof(route));
        return name;
    }

    /// <summary>The routes whose answer is content (style "download" in the API spec), e.g. files/download, files/export.</summary>
    private static readonly HashSet<string> DownloadRoutes = new(StringComparer.Ordinal)
    {
        "files/download", "files/download_zip", "files/export", "files/get_preview", "files/get_thumbnail", "files/get_thumbnail_v2",
        "sharing/get_shared_link_file", "account/get_photo", "paper/docs/download",
    };

    /// <summary>The route (normalized) sends file content back, so it is called with <see cref="DownloadAsync"/>.</summary>
    public static bool IsDownloadRoute(string route) => DownloadRoutes.Contains(route);

    /// <summary>RPC: <paramref name="jsonArgument"/> null sends the Void argument. Returns the result JSON ("null" for Void).</summary>
    public async Task<string> RpcAsync(string route, string? jsonArgument, CancellationToken cancellationToken, RequestHeaders? headers = null)
    {
        route = NormalizeRoute(route);
        bool longpoll = route == LongpollRoute;
        using var request = _api.Transport.CreateRpcRequest(route, jsonArgument is null ? null : Encoding.UTF8.GetBytes(jsonArgument), notifyHost: longpoll);
        if (longpoll) request.SetNoAuth();
        headers?.ApplyTo(request);
        return await SendForJsonAsync(request, route, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Upload style: the argument in Dropbox-API-Arg, <paramref name="content"/> streamed as the body.</summary>
    public async Task<string> UploadAsync(string route, string jsonArgument, Stream content, CancellationToken cancellationToken, RequestHeaders? headers = null)
    {
        route = NormalizeRoute(route);
        using var request = _api.Transport.CreateUploadRequest(route, jsonArgument, new StreamContent(content, 81920));
        headers?.ApplyTo(request);
        return await SendForJsonAsync(request, route, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Download style: streams the body into <paramref name="destination"/>; returns the Dropbox-API-Result JSON.</summary>
    public async Task<string> DownloadAsync(string route, string jsonArgument, Stream destination, CancellationToken cancellationToken,
        RequestHeaders? headers = null)
    {
        route = NormalizeRoute(route);
        using var request = _api.Transport.CreateDownloadRequest(route, jsonArgument);
        headers?.ApplyTo(request);
        using var response = await _api.SendAsync(request, route, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await ApiCaller.ThrowIfFailedAsync(response, route).ConfigureAwait(false);
        using (var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
        {
            await body.CopyToAsync(destination, 81920, cancellationToken).ConfigureAwait(false);
        }
        return response.Headers.TryGetValues("Dropbox-API-Result", out var values) ? values.First() : "null";
    }

    private async Task<string> SendForJsonAsync(HttpRequestMessage request, string route, CancellationToken cancellationToken)
    {
        using var response = await _api.SendAsync(request, route, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await ApiCaller.ThrowIfFailedAsync(response, route).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync().ConfigureAwait(false);
    }
}
