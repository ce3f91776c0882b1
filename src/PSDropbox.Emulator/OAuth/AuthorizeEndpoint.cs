using System.Text;
using System.Text.Encodings.Web;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.OAuth;

/// <summary>
/// GET /oauth2/authorize: the page a person uses to let an app into their Dropbox (app, account, scopes, Allow and
/// Cancel as a form POST). POST /oauth2/authorize: the answer. Problems with client_id or redirect_uri are shown on
/// the page (never redirected to an unverified URI); later problems redirect with an RFC 6749 error.
/// </summary>
internal static class AuthorizeEndpoint
{
    private const int MaxStateBytes = 500;

    public static async Task GetAsync(HttpContext http, OAuthServer oauth, AccountStore accounts)
    {
        var q = http.Request.Query;
        string? Param(string name) => q.TryGetValue(name, out var v) && v.Count > 0 && v[0]!.Length > 0 ? v[0] : null;

        var app = oauth.FindApp(Param("client_id"));
        if (app is null)
        {
            await PageAsync(http, 400, "Invalid client_id", $"<p id=\"error\">The app key \"{Html(Param("client_id") ?? "")}\" is not registered.</p>");
            return;
        }
        string? redirectUri = Param("redirect_uri");
        if (redirectUri is not null && !app.RedirectUris.Contains(redirectUri, StringComparer.Ordinal))
        {
            await PageAsync(http, 400, "Invalid redirect_uri",
                "<p id=\"error\">Invalid redirect_uri. It must exactly match one of the redirect URIs you've pre-configured for your app (including the path).</p>");
            return;
        }
        string? state = Param("state");
        string? error = Validate(Param("response_type"), state, Param("code_challenge"), Param("code_challenge_method"),
            Param("token_access_type"), Param("scope"), out var challengeMethod, out var scope);
        if (error is not null)
        {
            var (code, description) = (error[..error.IndexOf(':')], error[(error.IndexOf(':') + 2)..]);
            await FailAsync(http, redirectUri, state, code, description);
            return;
        }
        var account = accounts.EnsureDefault();
        var request = new AuthorizeRequest(app, account.AccountId, redirectUri, state, Param("code_challenge"), challengeMethod,
            Param("token_access_type") == "offline", scope);

        bool forceReapprove = string.Equals(Param("force_reapprove"), "true", StringComparison.OrdinalIgnoreCase);
        if (redirectUri is not null && !forceReapprove && oauth.WasApproved(account.AccountId, app.AppKey))
        {
            Redirect(http, redirectUri, ("code", oauth.IssueCode(request)), ("state", state));
            return;
        }

        string consent = oauth.AddConsent(request);
        var scopes = new StringBuilder();
        foreach (var s in scope.Split(' '))
        {
            scopes.Append("<li>").Append(Html(s)).Append("</li>");
        }
        await PageAsync(http, 200, "API Request Authorization", $"""
            <h1><span id="app">{Html(app.AppKey)}</span> would like access to your Dropbox</h1>
            <p id="account">Signed in as <b>{Html(account.DisplayName)}</b> ({Html(account.Email)})</p>
            <p>This app is asking for permission to:</p>
            <ul id="scopes">{scopes}</ul>
            <form method="post" action="/oauth2/authorize">
              <input type="hidden" name="consent" value="{consent}">
              <button type="submit" name="decision" value="cancel" id="cancel">Cancel</button>
              <button type="submit" name="decision" value="allow" id="allow">Allow</button>
            </form>
            """);
    }

    public static async Task PostAsync(HttpContext http, OAuthServer oauth)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        var request = oauth.TakeConsent(form?["consent"].ToString());
        if (request is null)
        {
            await PageAsync(http, 400, "Request expired", "<p id=\"error\">This authorization request has expired or was already answered. Start again from the app.</p>");
            return;
        }
        if (form!["decision"].ToString() != "allow")
        {
            await FailAsync(http, request.RedirectUri, request.State, "access_denied", "The user chose not to give your app access to their Dropbox account.");
            return;
        }
        string code = oauth.IssueCode(request);
        if (request.RedirectUri is not null)
        {
            Redirect(http, request.RedirectUri, ("code", code), ("state", request.State));
            return;
        }
        await PageAsync(http, 200, "Access code", $"""
            <h1>Enter this code into <span id="app">{Html(request.App.AppKey)}</span> to finish the process</h1>
            <p><code id="code">{code}</code></p>
            """);
    }

    /// <summary>Returns "error_code: description" or null when the request is acceptable.</summary>
    private static string? Validate(string? responseType, string? state, string? challenge, string? method, string? accessType, string? scopeParam,
        out string? challengeMethod, out string scope)
    {
        challengeMethod = null;
        scope = scopeParam is null ? OAuthServer.AllScopes : string.Join(' ', scopeParam.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (responseType != "code")
        {
            return $"unsupported_response_type: response_type must be \"code\" (got \"{responseType}\").";
        }
        if (state is not null && Encoding.UTF8.GetByteCount(state) > MaxStateBytes)
        {
            return "invalid_request: state must be at most 500 bytes.";
        }
        if (challenge is not null)
        {
            challengeMethod = method ?? "plain";
            if (challengeMethod is not ("S256" or "plain"))
            {
                return $"invalid_request: code_challenge_method must be S256 or plain (got \"{method}\").";
            }
            if (challenge.Length is < 43 or > 128)
            {
                return "invalid_request: code_challenge must be 43 to 128 characters.";
            }
        }
        else if (method is not null)
        {
            return "invalid_request: code_challenge_method given without code_challenge.";
        }
        if (accessType is not (null or "online" or "offline"))
        {
            return $"invalid_request: token_access_type must be online or offline (got \"{accessType}\").";
        }
        var known = OAuthServer.AllScopes.Split(' ');
        foreach (var s in scope.Split(' '))
        {
            if (!known.Contains(s, StringComparer.Ordinal))
            {
                return $"invalid_scope: unknown scope \"{s}\".";
            }
        }
        return null;
    }

    private static Task FailAsync(HttpContext http, string? redirectUri, string? state, string error, string description)
    {
        if (redirectUri is not null)
        {
            Redirect(http, redirectUri, ("error", error), ("error_description", description), ("state", state));
            return Task.CompletedTask;
        }
        return PageAsync(http, error == "access_denied" ? 200 : 400, "Not authorized",
            $"<p id=\"error\"><b>{Html(error)}</b>: {Html(description)}</p>");
    }

    private static void Redirect(HttpContext http, string redirectUri, params (string Name, string? Value)[] query)
    {
        var target = new StringBuilder(redirectUri);
        char separator = redirectUri.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var (name, value) in query)
        {
            if (value is null)
            {
                continue;
            }
            target.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        http.Response.StatusCode = 302;
        http.Response.Headers.Location = target.ToString();
        http.Response.Headers.CacheControl = "no-store";
    }

    private static async Task PageAsync(HttpContext http, int status, string title, string body)
    {
        byte[] html = Encoding.UTF8.GetBytes($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{Html(title)} - PSDropbox emulator</title></head>
            <body>
            {body}
            </body></html>
            """);
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        http.Response.ContentLength = html.Length;
        await http.Response.Body.WriteAsync(html, http.RequestAborted);
    }

    private static string Html(string text) => HtmlEncoder.Default.Encode(text);
}
