namespace PSDropbox.Client;

/// <summary>
/// Settings for a shared link; null members are left as they are (for a new link: to Dropbox's defaults, public, viewer,
/// downloads allowed).
/// </summary>
public sealed class SharedLinkSettings
{
    public string? Password { get; set; }
    /// <summary>Turns the password of an existing link off (require_password false).</summary>
    public bool RemovePassword { get; set; }
    public DateTime? Expires { get; set; }
    /// <summary>public, team or no_one.</summary>
    public string? Audience { get; set; }
    /// <summary>viewer, editor, max or default.</summary>
    public string? Access { get; set; }
    public bool? AllowDownload { get; set; }

    public bool IsEmpty => Password is null && !RemovePassword && Expires is null && Audience is null && Access is null && AllowDownload is null;
}

/// <summary>One page of list_shared_links.</summary>
public sealed class SharedLinkPage
{
    internal SharedLinkPage(IReadOnlyList<DropboxSharedLink> links, bool hasMore, string? cursor)
    {
        Links = links;
        HasMore = hasMore;
        Cursor = cursor;
    }

    public IReadOnlyList<DropboxSharedLink> Links { get; }
    public bool HasMore { get; }
    public string? Cursor { get; }
}
