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
    [JsonPropertyName("connection_timeout_seconds")] public double? ConnectionTimeoutSeconds { get; set; }
    [JsonPropertyName("operation_timeout_seconds")] public double? OperationTimeoutSeconds { get; set; }
    [JsonPropertyName("maximum_retry_count")] public int? MaximumRetryCount { get; set; }
    [JsonPropertyName("retry_interval_seconds")] public double? RetryIntervalSeconds { get; set; }
    [JsonPropertyName("proxy")] public string? Proxy { get; set; }
    /// <summary>The proxy's user and password (a secret, kept like the tokens).</summary>
    [JsonPropertyName("proxy_user")] public string? ProxyUser { get; set; }
    [JsonPropertyName("proxy_password")] public string? ProxyPassword { get; set; }
    [JsonPropertyName("proxy_use_default_credentials")] public bool? ProxyUseDefaultCredentials { get; set; }
    [JsonPropertyName("no_proxy")] public bool? NoProxy { get; set; }
    /// <summary>Bytes per second.</summary>
    [JsonPropertyName("max_transfer_rate")] public long? MaxTransferRate { get; set; }
    /// <summary>The path root the profile connects with (Root or a namespace id); null = Home.</summary>
    [JsonPropertyName("path_root")] public string? PathRoot { get; set; }
    /// <summary>The team member a team's token acts as (email or team member id).</summary>
    [JsonPropertyName("as_member")] public string? Member { get; set; }
    [JsonPropertyName("as_admin")] public bool AsAdmin { get; set; }
    /// <summary>Encrypted folders (Register-DropboxCryptFolder): key material, a secret kept like the tokens.</summary>
    [JsonPropertyName("crypt_folders")] public List<StoredCryptFolder>? CryptFolders { get; set; }
    [JsonPropertyName("saved_at")] public long SavedAt { get; set; }
}

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredProfile))]
internal sealed partial class SessionJson : JsonSerializerContext
{
}
