using System.Text.Json.Serialization;

namespace PSDropbox.Client.Wire;

internal sealed class LinkPermissionsWire
{
    [JsonPropertyName("resolved_visibility")] public TagOnly? ResolvedVisibility { get; set; }
    [JsonPropertyName("effective_audience")] public TagOnly? EffectiveAudience { get; set; }
    [JsonPropertyName("link_access_level")] public TagOnly? LinkAccessLevel { get; set; }
    [JsonPropertyName("allow_download")] public bool AllowDownload { get; set; } = true;
    [JsonPropertyName("require_password")] public bool? RequirePassword { get; set; }
}

internal sealed class CreateSharedLinkArg
{
    [JsonPropertyName("path")] public string Path { get; set; } = "";
    [JsonPropertyName("settings")] public SharedLinkSettingsArg? Settings { get; set; }
}

internal sealed class SharedLinkSettingsArg
{
    [JsonPropertyName("require_password")] public bool? RequirePassword { get; set; }
    [JsonPropertyName("link_password")] public string? LinkPassword { get; set; }
    /// <summary>yyyy-MM-ddTHH:mm:ssZ</summary>
    [JsonPropertyName("expires")] public string? Expires { get; set; }
    [JsonPropertyName("audience")] public string? Audience { get; set; }
    [JsonPropertyName("access")] public string? Access { get; set; }
    [JsonPropertyName("allow_download")] public bool? AllowDownload { get; set; }
}

internal sealed class ListSharedLinksArg
{
    [JsonPropertyName("path")] public string? Path { get; set; }
    [JsonPropertyName("cursor")] public string? Cursor { get; set; }
    [JsonPropertyName("direct_only")] public bool? DirectOnly { get; set; }
}

internal sealed class ListSharedLinksResult
{
    [JsonPropertyName("links")] public List<DropboxSharedLink> Links { get; set; } = new();
    [JsonPropertyName("has_more")] public bool HasMore { get; set; }
    [JsonPropertyName("cursor")] public string? Cursor { get; set; }
}

internal sealed class ModifySharedLinkSettingsArgs
{
    [JsonPropertyName("url")] public string Url { get; set; } = "";
    [JsonPropertyName("settings")] public SharedLinkSettingsArg Settings { get; set; } = new();
    [JsonPropertyName("remove_expiration")] public bool? RemoveExpiration { get; set; }
}

internal sealed class UrlArg
{
    [JsonPropertyName("url")] public string Url { get; set; } = "";
}
