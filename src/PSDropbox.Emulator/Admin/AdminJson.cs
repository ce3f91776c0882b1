using System.Text.Json;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.Admin;

/// <summary>Reading the JSON bodies of the /_emulator hooks: a bad body is null, and the hook answers 400 with its usage.</summary>
internal static class AdminJson
{
    /// <summary>The body as a JSON object, or null when it is not one.</summary>
    public static async Task<JsonElement?> ReadObjectAsync(HttpContext http)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? String(JsonElement? body, string name) =>
        body is { } b && b.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static bool? Bool(JsonElement? body, string name) =>
        body is { } b && b.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    /// <summary>The account named by "account" (an extra account's name), the default account when absent, null when unknown.</summary>
    public static Account? Account(EmulatorStores stores, JsonElement? body) =>
        String(body, "account") is { } name ? stores.Accounts.FindNamed(name) : stores.Accounts.EnsureDefault();

    /// <summary>A "/path" value as a PathSpec, or null when it breaks the path rules.</summary>
    public static PathSpec? TryParsePath(string path)
    {
        try
        {
            return PathRules.Matches(PathRules.WritePath, path) ? PathRules.ParseValue(path, forWrite: true) : null;
        }
        catch (PathProblemException)
        {
            return null;
        }
    }
}
