using System.Text.Json.Serialization;
using PSDropbox.Client.Wire;

namespace PSDropbox;

/// <summary>A shared link to a file or folder (SharedLinkMetadata). Url binds to Remove-DropboxSharedLink -Url.</summary>
public sealed class DropboxSharedLink
{
    [JsonPropertyName(".tag")] public string Kind { get; set; } = "";
    [JsonPropertyName("url")] public string Url { get; set; } = "";
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("path_lower")] public string? PathLower { get; set; }
    [JsonPropertyName("expires")] public DateTime? ExpiresUtc { get; set; }
    [JsonPropertyName("size")] public long? Size { get; set; }
    [JsonPropertyName("rev")] public string? Rev { get; set; }

    [JsonInclude]
    [JsonPropertyName("link_permissions")]
    internal LinkPermissionsWire? Permissions { get; set; }

    /// <summary>The linked item's path (lowercase, as Dropbox reports it); binds to -Path parameters.</summary>
    [JsonIgnore] public string? Path => PathLower;
    [JsonIgnore] public bool IsFolder => Kind == "folder";
    /// <summary>When the link stops working (local time), or null if it never expires.</summary>
    [JsonIgnore] public DateTime? Expires => ExpiresUtc?.ToLocalTime();
    /// <summary>public, team_only or password.</summary>
    [JsonIgnore] public string? Visibility => Permissions?.ResolvedVisibility?.Tag;
    /// <summary>public, team or no_one.</summary>
    [JsonIgnore] public string? Audience => Permissions?.EffectiveAudience?.Tag;
    /// <summary>viewer or editor.</summary>
    [JsonIgnore] public string? AccessLevel => Permissions?.LinkAccessLevel?.Tag;
    [JsonIgnore] public bool AllowDownload => Permissions?.AllowDownload ?? true;
    [JsonIgnore] public bool RequiresPassword => Permissions?.RequirePassword ?? false;

    public override string ToString() => Url;
}
