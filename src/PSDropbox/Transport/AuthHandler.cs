using System.Net;
using System.Net.Http.Headers;

namespace PSDropbox.Transport;

/// <summary>Adds the bearer token; on 401 expired_access_token refreshes once and replays the request.</summary>
internal sealed class AuthHandler : DelegatingHandler
{
    private readonly ITokenSource _tokens;

    public AuthHandler(ITokenSource tokens, HttpMessageHandler inner) : base(inner) => _tokens = tokens;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.IsNoAuth()) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

        var token = await _tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !request.HasReplayableBody()) return response;

        var body = response.Content is null ? "" : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (body.IndexOf("expired_access_token", StringComparison.Ordinal) < 0) return Rebuffer(response, body);
        if (!await _tokens.TryRefreshAsync(token, cancellationToken).ConfigureAwait(false)) return Rebuffer(response, body);

        response.Dispose();
        token = await _tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static HttpResponseMessage Rebuffer(HttpResponseMessage response, string body)
    {
        var mediaType = response.Content?.Headers.ContentType;
        response.Content = new StringContent(body);
        response.Content.Headers.ContentType = mediaType;
        return response;
    }
}
