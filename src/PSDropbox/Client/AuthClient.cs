using System.Text.Json;
using PSDropbox.Client.Wire;

namespace PSDropbox.Client;

/// <summary>/oauth2/token (code exchange, refresh) and the auth/* routes.</summary>
public sealed class AuthClient
{
    private readonly ApiCaller _api;

    internal AuthClient(ApiCaller api) => _api = api;

    /// <summary>
    /// Exchanges an authorization code. PKCE sends the verifier (and no secret); a confidential app may send its secret.
    /// <paramref name="redirectUri"/> must be the one used at /oauth2/authorize, or null when none was.
    /// </summary>
    public Task<TokenGrant> ExchangeCodeAsync(OAuthApp app, string code, string? codeVerifier, string? redirectUri, CancellationToken cancellationToken)
    {
        var form = Client(app);
        form.Add(Pair("grant_type", "authorization_code"));
        form.Add(Pair("code", code));
        if (codeVerifier is not null) form.Add(Pair("code_verifier", codeVerifier));
        if (redirectUri is not null) form.Add(Pair("redirect_uri", redirectUri));
        return TokenAsync(form, cancellationToken);
    }

    /// <summary>Gets a new short-lived access token with a refresh token (which Dropbox does not rotate).</summary>
    public Task<TokenGrant> RefreshAsync(OAuthApp app, string refreshToken, CancellationToken cancellationToken)
    {
        var form = Client(app);
        form.Add(Pair("grant_type", "refresh_token"));
        form.Add(Pair("refresh_token", refreshToken));
        return TokenAsync(form, cancellationToken);
    }

    /// <summary>auth/token/revoke: revokes the calling token and every token of its refresh-token family.</summary>
    public Task RevokeAsync(CancellationToken cancellationToken) => _api.RpcVoidAsync("auth/token/revoke", cancellationToken);

    private async Task<TokenGrant> TokenAsync(List<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        const string route = "oauth2/token";
        using var request = _api.Transport.CreateOAuthTokenRequest(form);
        using var response = await _api.SendAsync(request, route, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var error = TryRead(body, WireJson.Default.OAuthErrorResponse);
            if (error?.Error is { Length: > 0 } code) throw new DropboxOAuthException(code, error.ErrorDescription);
            throw ApiCaller.Decode(route, response, System.Text.Encoding.UTF8.GetString(body));
        }
        var token = TryRead(body, WireJson.Default.TokenResponse);
        if (token is null || token.AccessToken.Length == 0)
            throw new DropboxServerException(route, response.StatusCode, "the answer has no access_token", ApiCaller.RequestId(response));
        return new TokenGrant(token.AccessToken, token.ExpiresIn is long s ? TimeSpan.FromSeconds(s) : null, token.RefreshToken);
    }

    private static T? TryRead<T>(byte[] body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) where T : class
    {
        try { return JsonSerializer.Deserialize(body, info); }
        catch (JsonException) { return null; }
    }

    private static List<KeyValuePair<string, string>> Client(OAuthApp app)
    {
        var form = new List<KeyValuePair<string, string>> { Pair("client_id", app.AppKey) };
        if (app.AppSecret is not null) form.Add(Pair("client_secret", app.AppSecret));
        return form;
    }

    private static KeyValuePair<string, string> Pair(string key, string value) => new(key, value);
}
