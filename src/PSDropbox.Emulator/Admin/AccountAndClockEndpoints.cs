using System.Text.Json;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.Admin;

/// <summary>
/// Test hooks: POST /_emulator/accounts {"name","token"} adds an account (like --account NAME:TOKEN) and returns its
/// account_id; POST /_emulator/clock {"advance_seconds":N} moves the emulator clock forward (expiring links).
/// </summary>
internal static class AccountAndClockEndpoints
{
    public static void Map(WebApplication app, EmulatorStores stores)
    {
        app.MapPost("/_emulator/accounts", async (HttpContext http) =>
        {
            var body = await AdminJson.ReadObjectAsync(http);
            string? name = body?.TryGetProperty("name", out var n) == true && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            string? token = body?.TryGetProperty("token", out var t) == true && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (string.IsNullOrEmpty(name) || !Account.IsValidName(name) || string.IsNullOrEmpty(token))
            {
                await Http.WriteTextAsync(http, 400, "accounts: body must be JSON {\"name\": \"<letters, digits, . _ ->\", \"token\": \"<access token>\"}");
                return;
            }
            await stores.AddAccountsAsync([new EmulatorAccount(name, token)], http.RequestAborted);
            var account = stores.Accounts.EnsureNamed(name);
            await Http.WriteJsonAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteString("account_id", account.AccountId);
                w.WriteString("email", account.Email);
                w.WriteEndObject();
            });
        });

        app.MapPost("/_emulator/clock", async (HttpContext http) =>
        {
            var body = await AdminJson.ReadObjectAsync(http);
            if (body?.TryGetProperty("advance_seconds", out var s) != true || !s.TryGetInt64(out long seconds) || seconds < 0)
            {
                await Http.WriteTextAsync(http, 400, "clock: body must be JSON {\"advance_seconds\": N} with N >= 0");
                return;
            }
            stores.Clock.Advance(seconds);
            await Http.WriteJsonAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteString("now", MetadataJson.Timestamp(stores.Clock.Now()));
                w.WriteEndObject();
            });
        });
    }
}
