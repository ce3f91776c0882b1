using System.Text.Json.Serialization;

namespace PSDropbox.Client.Wire;

/// <summary>
/// The /oauth2/token fields the module uses (dropbox-api-v2.md §5). A refresh answer has no refresh_token; the account
/// is read with users/get_current_account, which also proves the token works.
/// </summary>
internal sealed class TokenResponse
{
    [JsonPropertyName("access_token")] public string AccessToken { get; set; } = "";
    [JsonPropertyName("expires_in")] public long? ExpiresIn { get; set; }
    [JsonPropertyName("refresh_token")] public string? RefreshToken { get; set; }
}

/// <summary>RFC 6749 §5.2 error body.</summary>
internal sealed class OAuthErrorResponse
{
    [JsonPropertyName("error")] public string? Error { get; set; }
    [JsonPropertyName("error_description")] public string? ErrorDescription { get; set; }
}
