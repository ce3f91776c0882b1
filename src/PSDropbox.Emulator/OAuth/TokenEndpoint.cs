using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.OAuth;

/// <summary>
/// POST /oauth2/token (dropbox-api-v2.md §5): authorization_code (PKCE code_verifier or the app secret) and
/// refresh_token grants. Parameters come from the form body or the query string (the JS SDK uses the latter);
/// client credentials from the form or HTTP Basic. Errors are RFC 6749 JSON with status 400.
/// </summary>
internal static class TokenEndpoint
{
    private sealed class OAuthError(string error, string description) : Exception(description)
    {
        public string Error { get; } = error;
    }

    public static async Task PostAsync(HttpContext http, OAuthServer oauth, EmulatorStores stores)
    {
        try
        {
            var p = await ReadParametersAsync(http);
            string grantType = Get(p, "grant_type") ?? throw new OAuthError("invalid_request", "No grant_type given.");
            switch (grantType)
            {
                case "authorization_code":
                    await AuthorizationCodeAsync(http, p, oauth, stores);
                    break;
                case "refresh_token":
                    await RefreshTokenAsync(http, p, oauth, stores.Tokens);
                    break;
                default:
                    throw new OAuthError("unsupported_grant_type", $"grant_type \"{grantType}\" is not supported.");
            }
        }
        catch (OAuthError e)
        {
            await Http.WriteJsonAsync(http, 400, w =>
            {
                w.WriteStartObject();
                w.WriteString("error", e.Error);
                w.WriteString("error_description", e.Message);
                w.WriteEndObject();
            });
        }
    }

    private static async Task AuthorizationCodeAsync(HttpContext http, Dictionary<string, string> p, OAuthServer oauth, EmulatorStores stores)
    {
        string codeText = Get(p, "code") ?? throw new OAuthError("invalid_request", "No code given.");
        var (app, secret) = Client(http, p, oauth);
        var code = oauth.TakeCode(codeText, out var reusedFamily);
        if (code is null)
        {
            if (reusedFamily is not null)
            {
                stores.Tokens.RevokeFamily(reusedFamily);
            }
            throw new OAuthError("invalid_grant", "code doesn't exist or has expired");
        }
        var request = code.Request;
        if (request.App.AppKey != app.AppKey)
        {
            throw new OAuthError("invalid_grant", "code was issued to another app");
        }
        if (!string.Equals(request.RedirectUri, Get(p, "redirect_uri"), StringComparison.Ordinal))
        {
            throw new OAuthError("invalid_grant", "redirect_uri mismatch");
        }
        string? verifier = Get(p, "code_verifier");
        if (request.CodeChallenge is not null)
        {
            if (verifier is null)
            {
                throw new OAuthError("invalid_grant", "code_verifier is required for this code");
            }
            if (!FixedEquals(Challenge(verifier, request.CodeChallengeMethod!), request.CodeChallenge))
            {
                throw new OAuthError("invalid_grant", "invalid code verifier");
            }
            CheckSecretIfGiven(app, secret);
        }
        else
        {
            RequireSecret(app, secret);
        }

        var account = stores.Accounts.Get(request.AccountId) ?? throw new OAuthError("invalid_grant", "the account no longer exists");
        var family = stores.Tokens.CreateFamily(app.AppKey, account.AccountId, request.Scope, request.CodeChallenge is not null);
        oauth.RecordFamily(codeText, family.FamilyId);
        var (access, _) = stores.Tokens.IssueAccessToken(family, request.Scope, oauth.TokenLifetimeSeconds);
        string? refresh = request.Offline ? stores.Tokens.IssueRefreshToken(family) : null;
        await Http.WriteJsonAsync(http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("access_token", access);
            w.WriteString("token_type", "bearer");
            w.WriteNumber("expires_in", oauth.TokenLifetimeSeconds);
            if (refresh is not null)
            {
                w.WriteString("refresh_token", refresh);
            }
            w.WriteString("scope", request.Scope);
            w.WriteString("uid", account.NamespaceId.ToString(CultureInfo.InvariantCulture));
            w.WriteString("account_id", account.AccountId);
            w.WriteEndObject();
        });
    }

    private static async Task RefreshTokenAsync(HttpContext http, Dictionary<string, string> p, OAuthServer oauth, TokenStore tokens)
    {
        string refresh = Get(p, "refresh_token") ?? throw new OAuthError("invalid_request", "No refresh_token given.");
        var (app, secret) = Client(http, p, oauth);
        var family = tokens.FindRefreshFamily(refresh);
        if (family is null || family.AppKey != app.AppKey)
        {
            throw new OAuthError("invalid_grant", "refresh token is invalid or revoked");
        }
        if (family.Pkce)
        {
            CheckSecretIfGiven(app, secret);
        }
        else
        {
            RequireSecret(app, secret);
        }
        string scope = family.Scope;
        if (Get(p, "scope") is { } requested)
        {
            var granted = family.Scope.Split(' ');
            var subset = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (subset.Length == 0 || subset.Any(s => !granted.Contains(s, StringComparer.Ordinal)))
            {
                throw new OAuthError("invalid_scope", "the requested scope is not a subset of the granted scope");
            }
            scope = string.Join(' ', subset);
        }
        var (access, _) = tokens.IssueAccessToken(family, scope, oauth.TokenLifetimeSeconds);
        await Http.WriteJsonAsync(http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("access_token", access);
            w.WriteString("token_type", "bearer");
            w.WriteNumber("expires_in", oauth.TokenLifetimeSeconds);
            w.WriteEndObject();
        });
    }

    /// <summary>The calling app and the secret it presented (HTTP Basic, else client_id/client_secret parameters).</summary>
    private static (EmulatorApp App, string? Secret) Client(HttpContext http, Dictionary<string, string> p, OAuthServer oauth)
    {
        string? id = Get(p, "client_id");
        string? secret = Get(p, "client_secret");
        string authorization = http.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
            }
            catch (FormatException)
            {
                throw new OAuthError("invalid_client", "malformed HTTP Basic credentials");
            }
            int colon = decoded.IndexOf(':', StringComparison.Ordinal);
            string basicId = colon < 0 ? decoded : decoded[..colon];
            if (id is not null && id != basicId)
            {
                throw new OAuthError("invalid_request", "client_id differs from the HTTP Basic credentials");
            }
            id = basicId;
            secret = colon < 0 ? null : decoded[(colon + 1)..];
        }
        if (id is null)
        {
            throw new OAuthError("invalid_request", "No client_id given.");
        }
        var app = oauth.FindApp(id) ?? throw new OAuthError("invalid_client", "invalid client_id");
        return (app, string.IsNullOrEmpty(secret) ? null : secret);
    }

    private static void RequireSecret(EmulatorApp app, string? secret)
    {
        if (secret is null)
        {
            throw new OAuthError("invalid_client", "client_secret is required (or use PKCE with code_verifier)");
        }
        CheckSecretIfGiven(app, secret);
    }

    private static void CheckSecretIfGiven(EmulatorApp app, string? secret)
    {
        if (secret is not null && (app.AppSecret is null || !FixedEquals(secret, app.AppSecret)))
        {
            throw new OAuthError("invalid_client", "invalid client_secret");
        }
    }

    private static string Challenge(string verifier, string method) =>
        method == "S256" ? System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) : verifier;

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static string? Get(Dictionary<string, string> p, string name) => p.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    /// <summary>Query string first, then the form body on top (the body wins when both carry a parameter).</summary>
    private static async Task<Dictionary<string, string>> ReadParametersAsync(HttpContext http)
    {
        var p = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in http.Request.Query)
        {
            p[key] = value.ToString();
        }
        if (http.Request.HasFormContentType)
        {
            foreach (var (key, value) in await http.Request.ReadFormAsync(http.RequestAborted))
            {
                p[key] = value.ToString();
            }
        }
        return p;
    }
}
