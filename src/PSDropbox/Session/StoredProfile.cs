using System.Text.Json.Serialization;

namespace PSDropbox;

/// <summary>What a CurrentUser profile keeps on disk. Internal: it holds secrets and is never written to the pipeline.</summary>
internal sealed class StoredProfile
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("app_key")] public string AppKey { get; set; } = "";
    [JsonPropertyName("app_secret")] public string? AppSecret { get; set; }
    [JsonPropertyName("refresh_token")] public string RefreshToken { get; set; } = "";
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
    /// <summary>Unix seconds.</summary>
    [JsonPropertyName("expires_at")] public long ExpiresAt { get; set; }
    [JsonPropertyName("lifetime_seconds")] public long LifetimeSeconds { get; set; }
    [JsonPropertyName("account_id")] public string AccountId { get; set; } = "";
    [JsonPropertyName("display_name")] public string DisplayName { get; set; } = "";
    [JsonPropertyName("email")] public string? Email { get; set; }
    /// <summary>Null for Dropbox itself, else the single base URL (e.g. the emulator).</summary>
    [JsonPropertyName("endpoint")] public string? Endpoint { get; set; }
    [JsonPropertyName("saved_at")] public long SavedAt { get; set; }
}

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredProfile))]
internal sealed partial class SessionJson : JsonSerializerContext
{
}
