using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>/oauth2/authorize, /oauth2/token, auth/token/revoke and token expiry, driven over HTTP like a browser and an app would.</summary>
public sealed partial class EmulatorOAuthTests : IAsyncLifetime
{
    private const string Redirect = "http://127.0.0.1:53682/";
    private EmulatorHarness _h = null!;
    private HttpClient _browser = null!;
    private readonly string _app = "app-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public async Task InitializeAsync()
    {
        _h = await EmulatorHarness.StartAsync();
        _browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _h.Emulator.BaseUrl };
        await RegisterAsync(_app, "s3cret", Redirect);
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _h.DisposeAsync();
    }

    private async Task RegisterAsync(string key, string? secret, params string[] redirects)
    {
        var r = await _h.Http.PostAsync("_emulator/apps", Json(new { app_key = key, app_secret = secret, redirect_uris = redirects }));
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
    }

    private static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    private string Challenge => Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(_verifier))).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    // force_reapprove: every test answers the consent page itself, even after an earlier Allow.
    private string AuthorizeUrl(string? redirect = Redirect, bool pkce = true, string access = "offline", string extra = "&force_reapprove=true") =>
        $"oauth2/authorize?response_type=code&client_id={_app}&state=st%20ate&token_access_type={access}" +
        (redirect is null ? "" : "&redirect_uri=" + Uri.EscapeDataString(redirect)) +
        (pkce ? $"&code_challenge={Challenge}&code_challenge_method=S256" : "") + extra;

    private async Task<HttpResponseMessage> AnswerAsync(string authorizeUrl, string decision)
    {
        var page = await _browser.GetAsync(authorizeUrl);
        string html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        string consent = ConsentField().Match(html).Groups[1].Value;
        return await _browser.PostAsync("oauth2/authorize", new FormUrlEncodedContent(new Dictionary<string, string> { ["consent"] = consent, ["decision"] = decision }));
    }

    private async Task<string> CodeAsync(string? redirect = Redirect, bool pkce = true, string access = "offline")
    {
        var answer = await AnswerAsync(AuthorizeUrl(redirect, pkce, access), "allow");
        if (redirect is null)
        {
            return CodeElement().Match(await answer.Content.ReadAsStringAsync()).Groups[1].Value;
        }
        Assert.Equal(HttpStatusCode.Found, answer.StatusCode);
        return Query(answer.Headers.Location!)["code"];
    }

    private static Dictionary<string, string> Query(Uri uri) =>
        uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));

    private async Task<(int Status, JsonElement Body)> TokenAsync(Dictionary<string, string?> form, AuthenticationHeaderValue? basic = null, bool inQuery = false)
    {
        var fields = form.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!);
        using var request = new HttpRequestMessage(HttpMethod.Post,
            inQuery ? "oauth2/token?" + string.Join('&', fields.Select(kv => kv.Key + "=" + Uri.EscapeDataString(kv.Value))) : "oauth2/token");
        if (!inQuery)
        {
            request.Content = new FormUrlEncodedContent(fields);
        }
        request.Headers.Authorization = basic;
        var r = await _browser.SendAsync(request);
        string body = await r.Content.ReadAsStringAsync();
        Assert.Equal("application/json", r.Content.Headers.ContentType?.MediaType);
        return ((int)r.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }

    private Task<(int Status, JsonElement Body)> ExchangeAsync(string code, string? verifier = null, string? redirect = Redirect) =>
        TokenAsync(new() { ["grant_type"] = "authorization_code", ["code"] = code, ["client_id"] = _app, ["code_verifier"] = verifier ?? _verifier, ["redirect_uri"] = redirect });

    private Task<(int Status, JsonElement Body)> RefreshAsync(string refreshToken) =>
        TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = _app });

    private static void AssertOAuthError(int status, JsonElement body, string error)
    {
        Assert.Equal(400, status);
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error_description").GetString()));
    }

    [Fact]
    public async Task The_authorize_page_shows_the_app_the_account_the_scopes_and_Allow_and_Cancel_as_a_form_post()
    {
        var page = await _browser.GetAsync(AuthorizeUrl(extra: "&scope=files.content.read%20account_info.read&force_reapprove=true"));
        string html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains(_app, html);
        Assert.Contains("Emulator User", html);
        Assert.Contains("user@emulator.local", html);
        Assert.Contains("<li>files.content.read</li>", html);
        Assert.DoesNotContain("<li>sharing.write</li>", html);
        Assert.Contains("<form method=\"post\" action=\"/oauth2/authorize\">", html);
        Assert.Matches("id=\"allow\"", html);
        Assert.Matches("id=\"cancel\"", html);
    }

    [Fact]
    public async Task Allow_redirects_with_code_and_state_and_the_pkce_exchange_returns_working_tokens()
    {
        var answer = await AnswerAsync(AuthorizeUrl(), "allow");
        Assert.Equal(HttpStatusCode.Found, answer.StatusCode);
        var location = answer.Headers.Location!;
        Assert.StartsWith(Redirect + "?", location.ToString());
        Assert.Equal("st ate", Query(location)["state"]);

        var (status, body) = await ExchangeAsync(Query(location)["code"]);
        Assert.Equal(200, status);
        string access = body.GetProperty("access_token").GetString()!;
        Assert.StartsWith("sl.", access);
        Assert.Equal("bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(14400, body.GetProperty("expires_in").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("refresh_token").GetString()));
        Assert.Contains("files.content.write", body.GetProperty("scope").GetString());
        Assert.Matches("^[0-9]+$", body.GetProperty("uid").GetString()!);
        Assert.StartsWith("dbid:", body.GetProperty("account_id").GetString());

        var me = await _h.CallAsync("users/get_current_account", null, token: access);
        Assert.Equal(200, me.Status);
        Assert.Equal(body.GetProperty("account_id").GetString(), me.Json.GetProperty("account_id").GetString());
    }

    [Fact]
    public async Task Cancel_redirects_with_access_denied_and_the_state()
    {
        var answer = await AnswerAsync(AuthorizeUrl(), "cancel");
        Assert.Equal(HttpStatusCode.Found, answer.StatusCode);
        var q = Query(answer.Headers.Location!);
        Assert.Equal("access_denied", q["error"]);
        Assert.Equal("st ate", q["state"]);
        Assert.False(q.ContainsKey("code"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:53683/")]
    [InlineData("http://127.0.0.1:53682")]
    [InlineData("http://localhost:53682/")]
    public async Task A_redirect_uri_that_is_not_registered_exactly_is_refused_on_the_page_without_redirecting(string other)
    {
        var page = await _browser.GetAsync(AuthorizeUrl(other));
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Null(page.Headers.Location);
        Assert.Contains("Invalid redirect_uri", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_client_id_is_refused_on_the_page()
    {
        var page = await _browser.GetAsync("oauth2/authorize?response_type=code&client_id=nobody&redirect_uri=" + Uri.EscapeDataString(Redirect));
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Null(page.Headers.Location);
    }

    [Fact]
    public async Task Without_redirect_uri_the_page_shows_the_code_which_is_exchanged_without_redirect_uri()
    {
        string code = await CodeAsync(redirect: null);
        Assert.Matches("^[A-Za-z0-9_-]{40,}$", code);
        var (status, body) = await ExchangeAsync(code, redirect: null);
        Assert.True(status == 200, body.ToString());
    }

    [Fact]
    public async Task A_code_exchanged_with_a_different_redirect_uri_is_rejected()
    {
        await RegisterAsync(_app, "s3cret", Redirect, "http://127.0.0.1:9/");
        var (status, body) = await ExchangeAsync(await CodeAsync(), redirect: "http://127.0.0.1:9/");
        AssertOAuthError(status, body, "invalid_grant");
    }

    [Fact]
    public async Task A_wrong_code_verifier_is_rejected()
    {
        var (status, body) = await ExchangeAsync(await CodeAsync(), verifier: _verifier[..^1] + (_verifier[^1] == 'a' ? 'b' : 'a'));
        AssertOAuthError(status, body, "invalid_grant");
        Assert.Contains("verifier", body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task A_code_works_once_and_replaying_it_revokes_what_it_produced()
    {
        string code = await CodeAsync();
        var (first, tokens) = await ExchangeAsync(code);
        Assert.Equal(200, first);
        var (second, error) = await ExchangeAsync(code);
        AssertOAuthError(second, error, "invalid_grant");

        var me = await _h.CallAsync("users/get_current_account", null, token: tokens.GetProperty("access_token").GetString());
        Assert.Equal(401, me.Status);
        var (refreshStatus, refreshError) = await RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        AssertOAuthError(refreshStatus, refreshError, "invalid_grant");
    }

    [Fact]
    public async Task Without_pkce_the_app_secret_is_required_by_form_or_http_basic()
    {
        var (noSecret, e1) = await TokenAsync(new() { ["grant_type"] = "authorization_code", ["code"] = await CodeAsync(pkce: false), ["client_id"] = _app, ["redirect_uri"] = Redirect });
        AssertOAuthError(noSecret, e1, "invalid_client");

        var (wrong, e2) = await TokenAsync(new() { ["grant_type"] = "authorization_code", ["code"] = await CodeAsync(pkce: false), ["redirect_uri"] = Redirect },
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(_app + ":wrong"))));
        AssertOAuthError(wrong, e2, "invalid_client");

        var (basic, ok1) = await TokenAsync(new() { ["grant_type"] = "authorization_code", ["code"] = await CodeAsync(pkce: false), ["redirect_uri"] = Redirect },
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(_app + ":s3cret"))));
        Assert.True(basic == 200, ok1.ToString());

        var (form, ok2) = await TokenAsync(new() { ["grant_type"] = "authorization_code", ["code"] = await CodeAsync(pkce: false), ["client_id"] = _app, ["client_secret"] = "s3cret", ["redirect_uri"] = Redirect });
        Assert.True(form == 200, ok2.ToString());
    }

    [Fact]
    public async Task Parameters_in_the_query_string_are_accepted_like_the_js_sdk_sends_them()
    {
        var (status, body) = await TokenAsync(new() { ["grant_type"] = "authorization_code", ["code"] = await CodeAsync(), ["client_id"] = _app, ["code_verifier"] = _verifier, ["redirect_uri"] = Redirect }, inQuery: true);
        Assert.True(status == 200, body.ToString());
    }

    [Fact]
    public async Task A_refresh_token_mints_new_access_tokens_but_is_not_itself_a_bearer_token()
    {
        var (_, tokens) = await ExchangeAsync(await CodeAsync());
        string refresh = tokens.GetProperty("refresh_token").GetString()!;
        var (status, body) = await RefreshAsync(refresh);
        Assert.Equal(200, status);
        Assert.StartsWith("sl.", body.GetProperty("access_token").GetString());
        Assert.NotEqual(tokens.GetProperty("access_token").GetString(), body.GetProperty("access_token").GetString());
        Assert.False(body.TryGetProperty("refresh_token", out _));
        Assert.Equal(200, (await _h.CallAsync("users/get_current_account", null, token: body.GetProperty("access_token").GetString())).Status);

        var asBearer = await _h.CallAsync("users/get_current_account", null, token: refresh);
        Assert.Equal(401, asBearer.Status);
        Assert.Contains("invalid_access_token", asBearer.Body);
    }

    [Fact]
    public async Task Online_access_gets_no_refresh_token()
    {
        var (status, body) = await ExchangeAsync(await CodeAsync(access: "online"));
        Assert.Equal(200, status);
        Assert.False(body.TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task The_token_lifetime_is_configurable_and_expired_tokens_get_401_expired_access_token()
    {
        Assert.True((await _h.Http.PostAsync("_emulator/token-lifetime", Json(new { seconds = 5 }))).IsSuccessStatusCode);
        var (_, tokens) = await ExchangeAsync(await CodeAsync());
        Assert.Equal(5, tokens.GetProperty("expires_in").GetInt32());
        string access = tokens.GetProperty("access_token").GetString()!;
        Assert.Equal(200, (await _h.CallAsync("users/get_current_account", null, token: access)).Status);

        Assert.True((await _h.Http.PostAsync("_emulator/tokens/expire", null)).IsSuccessStatusCode);
        var expired = await _h.CallAsync("users/get_current_account", null, token: access);
        Assert.Equal(401, expired.Status);
        Assert.Equal("expired_access_token", expired.Json.GetProperty("error").GetProperty(".tag").GetString());
        Assert.Equal(200, (await _h.CallAsync("users/get_current_account", null)).Status); // the long-lived token never expires
    }

    [Fact]
    public async Task Revoke_revokes_the_whole_refresh_token_family()
    {
        var (_, tokens) = await ExchangeAsync(await CodeAsync());
        string refresh = tokens.GetProperty("refresh_token").GetString()!;
        var (_, refreshed) = await RefreshAsync(refresh);
        string sibling = refreshed.GetProperty("access_token").GetString()!;

        var revoke = await _h.CallAsync("auth/token/revoke", null, token: tokens.GetProperty("access_token").GetString());
        Assert.Equal(200, revoke.Status);
        Assert.Equal("null", revoke.Body);

        Assert.Equal(401, (await _h.CallAsync("users/get_current_account", null, token: sibling)).Status);
        var (status, body) = await RefreshAsync(refresh);
        AssertOAuthError(status, body, "invalid_grant");
        Assert.Equal("refresh token is invalid or revoked", body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task Unknown_and_missing_grant_types_are_rfc6749_errors()
    {
        var (s1, b1) = await TokenAsync(new() { ["grant_type"] = "password", ["client_id"] = _app });
        AssertOAuthError(s1, b1, "unsupported_grant_type");
        var (s2, b2) = await TokenAsync(new() { ["client_id"] = _app });
        AssertOAuthError(s2, b2, "invalid_request");
        var (s3, b3) = await TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = "x", ["client_id"] = "nobody" });
        AssertOAuthError(s3, b3, "invalid_client");
    }

    [Fact]
    public async Task An_approved_app_is_redirected_at_once_unless_force_reapprove_asks_again()
    {
        await CodeAsync();
        var again = await _browser.GetAsync(AuthorizeUrl(extra: ""));
        Assert.Equal(HttpStatusCode.Found, again.StatusCode);
        Assert.True(Query(again.Headers.Location!).ContainsKey("code"));

        var forced = await _browser.GetAsync(AuthorizeUrl());
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Contains("id=\"allow\"", await forced.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_consent_page_can_be_answered_only_once()
    {
        var page = await _browser.GetAsync(AuthorizeUrl());
        string consent = ConsentField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        var form = new Dictionary<string, string> { ["consent"] = consent, ["decision"] = "allow" };
        Assert.Equal(HttpStatusCode.Found, (await _browser.PostAsync("oauth2/authorize", new FormUrlEncodedContent(form))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _browser.PostAsync("oauth2/authorize", new FormUrlEncodedContent(form))).StatusCode);
    }

    [GeneratedRegex("name=\"consent\" value=\"([^\"]+)\"")]
    private static partial Regex ConsentField();

    [GeneratedRegex("<code id=\"code\">([^<]+)</code>")]
    private static partial Regex CodeElement();
}
