namespace PSDropbox.Client;

/// <summary>The app a user signs in to: its key, and its secret for confidential apps (PKCE apps have none).</summary>
public sealed class OAuthApp
{
    public OAuthApp(string appKey, string? appSecret = null)
    {
        if (string.IsNullOrWhiteSpace(appKey)) throw new ArgumentException("The app key is empty.", nameof(appKey));
        AppKey = appKey.Trim();
        AppSecret = string.IsNullOrEmpty(appSecret) ? null : appSecret;
    }

    public string AppKey { get; }
    public string? AppSecret { get; }

    public override string ToString() => AppKey;
}

/// <summary>Tokens from /oauth2/token. <see cref="ExpiresIn"/> is null for tokens that do not expire.</summary>
public sealed class TokenGrant
{
    internal TokenGrant(string accessToken, TimeSpan? expiresIn, string? refreshToken)
    {
        AccessToken = accessToken;
        ExpiresIn = expiresIn;
        RefreshToken = refreshToken;
    }

    internal string AccessToken { get; }
    public TimeSpan? ExpiresIn { get; }
    internal string? RefreshToken { get; }

    public override string ToString() => $"TokenGrant(expires in {ExpiresIn?.TotalSeconds.ToString() ?? "never"} s)";
}
