using System.Text.Json;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.OAuth;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.Admin;

/// <summary>
/// Test/ops hooks for sign-in: POST /_emulator/apps {"app_key","app_secret"?,"redirect_uris":[...]} registers an app,
/// POST /_emulator/token-lifetime {"seconds":N} sets the lifetime of access tokens issued from now on,
/// POST /_emulator/tokens/expire makes every issued short-lived access token expire now (→ {"expired":n}).
/// </summary>
internal static class OAuthAdminEndpoints
{
    public static void Map(WebApplication app, OAuthServer oauth, TokenStore tokens)
    {
        app.MapPost("/_emulator/apps", async (HttpContext http) =>
        {
            var body = await AdminJson.ReadObjectAsync(http);
            string? key = body is { } b && b.TryGetProperty("app_key", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            if (string.IsNullOrWhiteSpace(key))
            {
                await Http.WriteTextAsync(http, 400, "apps: body must be JSON {\"app_key\": \"...\", \"app_secret\": \"...\"?, \"redirect_uris\": [\"...\"]}");
                return;
            }
            string? secret = body!.Value.TryGetProperty("app_secret", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var uris = body.Value.TryGetProperty("redirect_uris", out var u) && u.ValueKind == JsonValueKind.Array
                ? u.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                : [];
            oauth.Register(new EmulatorApp { AppKey = key, AppSecret = secret, RedirectUris = uris });
            await Http.WriteRawJsonAsync(http, 200, "null");
        });

        app.MapPost("/_emulator/token-lifetime", async (HttpContext http) =>
        {
            var body = await AdminJson.ReadObjectAsync(http);
            if (body is not { } b || !b.TryGetProperty("seconds", out var s) || !s.TryGetInt32(out int seconds) || seconds <= 0)
            {
                await Http.WriteTextAsync(http, 400, "token-lifetime: body must be JSON {\"seconds\": N} with N > 0");
                return;
            }
            oauth.TokenLifetimeSeconds = seconds;
            await Http.WriteRawJsonAsync(http, 200, "null");
        });

        app.MapPost("/_emulator/tokens/expire", (HttpContext http) =>
        {
            int expired = tokens.ExpireAccessTokens();
            return Http.WriteJsonAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteNumber("expired", expired);
                w.WriteEndObject();
            });
        });
    }
}
