using System.Globalization;
using System.Text.Json;
using PSDropbox.Client.Wire;

namespace PSDropbox.Client;

/// <summary>The sharing/* routes for shared links.</summary>
public sealed class SharingClient
{
    private readonly ApiCaller _api;

    internal SharingClient(ApiCaller api) => _api = api;

    /// <summary>
    /// sharing/create_shared_link_with_settings. When the item already has a link, returns that link (Existing = true)
    /// instead of failing: from the error's metadata, or else from list_shared_links with direct_only (rclone does the same).
    /// </summary>
    public async Task<(DropboxSharedLink Link, bool Existing)> CreateOrGetSharedLinkAsync(string path, SharedLinkSettings settings,
        CancellationToken cancellationToken)
    {
        var normalized = DropboxPath.Normalize(path);
        var arg = new CreateSharedLinkArg { Path = normalized, Settings = settings.IsEmpty ? null : ToArg(settings) };
        try
        {
            var link = await _api.RpcAsync("sharing/create_shared_link_with_settings", arg, WireJson.Default.CreateSharedLinkArg,
                WireJson.Default.DropboxSharedLink, cancellationToken).ConfigureAwait(false);
            return (link, false);
        }
        catch (DropboxApiException e) when (e.Kind == DropboxErrorKind.SharedLinkExists)
        {
            var existing = ExistingFromError(e.ErrorJson);
            if (existing is null)
            {
                var page = await ListSharedLinksAsync(normalized, directOnly: true, cancellationToken).ConfigureAwait(false);
                existing = page.Links.FirstOrDefault();
            }
            if (existing is null) throw;
            return (existing, true);
        }
    }

    /// <summary>sharing/list_shared_links: links of one item (and its parents unless directOnly), or with a null path every link (paged).</summary>
    public async Task<SharedLinkPage> ListSharedLinksAsync(string? path, bool directOnly, CancellationToken cancellationToken)
    {
        var arg = new ListSharedLinksArg { Path = path is null ? null : DropboxPath.Normalize(path), DirectOnly = directOnly ? true : null };
        if (arg.Path == "") arg.Path = null; // the root has no links of its own: list everything
        return ToPage(await _api.RpcAsync("sharing/list_shared_links", arg, WireJson.Default.ListSharedLinksArg, WireJson.Default.ListSharedLinksResult,
            cancellationToken).ConfigureAwait(false));
    }

    /// <summary>sharing/list_shared_links with the cursor of the previous page.</summary>
    public async Task<SharedLinkPage> ListSharedLinksContinueAsync(string cursor, CancellationToken cancellationToken) =>
        ToPage(await _api.RpcAsync("sharing/list_shared_links", new ListSharedLinksArg { Cursor = cursor }, WireJson.Default.ListSharedLinksArg,
            WireJson.Default.ListSharedLinksResult, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// sharing/modify_shared_link_settings: changes what <paramref name="settings"/> names (a <see cref="SharedLinkSettings.RemovePassword"/>
    /// turns the password off) and, with <paramref name="removeExpiration"/>, makes the link never expire. Returns the link as it is now.
    /// </summary>
    public Task<DropboxSharedLink> ModifySharedLinkSettingsAsync(string url, SharedLinkSettings settings, bool removeExpiration,
        CancellationToken cancellationToken)
    {
        var arg = new ModifySharedLinkSettingsArgs { Url = url, Settings = ToArg(settings), RemoveExpiration = removeExpiration ? true : null };
        return _api.RpcAsync("sharing/modify_shared_link_settings", arg, WireJson.Default.ModifySharedLinkSettingsArgs, WireJson.Default.DropboxSharedLink,
            cancellationToken);
    }

    /// <summary>sharing/revoke_shared_link.</summary>
    public Task RevokeSharedLinkAsync(string url, CancellationToken cancellationToken) =>
        _api.RpcAsync("sharing/revoke_shared_link", new UrlArg { Url = url }, WireJson.Default.UrlArg, WireJson.Default.JsonElement, cancellationToken);

    private static SharedLinkPage ToPage(ListSharedLinksResult result) =>
        new(result.Links, result.HasMore && result.Cursor is not null, result.Cursor);

    private static SharedLinkSettingsArg ToArg(SharedLinkSettings s) => new()
    {
        RequirePassword = s.Password is not null ? true : s.RemovePassword ? false : null,
        LinkPassword = s.Password,
        Expires = s.Expires?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        Audience = s.Audience,
        Access = s.Access,
        AllowDownload = s.AllowDownload,
    };

    /// <summary>{".tag":"shared_link_already_exists","shared_link_already_exists":{".tag":"metadata","metadata":{...}}} → the link.</summary>
    private static DropboxSharedLink? ExistingFromError(string? errorJson)
    {
        if (errorJson is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(errorJson);
            return doc.RootElement.TryGetProperty("shared_link_already_exists", out var exists) && exists.ValueKind == JsonValueKind.Object &&
                   exists.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                ? JsonSerializer.Deserialize(metadata.GetRawText(), WireJson.Default.DropboxSharedLink)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
