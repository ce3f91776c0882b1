namespace PSDropbox.Emulator.Domain;

/// <summary>
/// A row of the items table (live or deleted). <see cref="Exports"/> is set for export-only files (is_downloadable false):
/// the formats files/export gives, the first being export_as. <see cref="Sharing"/> is set inside (or on) a shared folder.
/// </summary>
internal sealed record Item(
    long Ns,
    string PathLower,
    string PathDisplay,
    string Name,
    string Id,
    bool IsFolder,
    bool IsDeleted,
    string? Rev,
    long Size,
    string? ContentHash,
    long ClientModified,
    long ServerModified,
    IReadOnlyList<ExportFormat>? Exports = null,
    SharingRef? Sharing = null);

/// <summary>
/// The shared folder an item is in, or is (<see cref="IsMountPoint"/>): its id, whether the account may only read it, and
/// the account that last modified the item (the folder's owner in the emulator).
/// </summary>
internal sealed record SharingRef(string SharedFolderId, bool ReadOnly, bool IsMountPoint, string? ModifiedBy);

/// <summary>
/// media_info of a photo or video: <see cref="Pending"/> while it cannot be told (Dropbox computes it later), else what
/// its bytes say (pixel size, when and where it was taken, a video's length in milliseconds).
/// </summary>
internal sealed record MediaDetails(bool Pending, bool IsVideo, long? Width, long? Height, long? TimeTaken, double? Latitude, double? Longitude, long? DurationMs)
{
    public static MediaDetails PendingFor(bool isVideo) => new(true, isVideo, null, null, null, null, null, null);
}

/// <summary>One format an export-only file can be exported to, with the stored bytes of that export.</summary>
internal sealed record ExportFormat(string Format, string ContentHash, long Size);

/// <summary>An entry of a list_folder page: a live item, or a deletion (Item may be null, then display comes from the journal).</summary>
internal sealed record ListEntry(Item? Item, string PathLower, string PathDisplay, bool Deleted)
{
    public string Name => PathDisplay[(PathDisplay.LastIndexOf('/') + 1)..];
}

internal sealed record ListPage(IReadOnlyList<ListEntry> Entries, FolderCursor Cursor, bool HasMore);

/// <summary>files/list_revisions result: newest first.</summary>
internal sealed record RevisionList(bool IsDeleted, long? ServerDeleted, IReadOnlyList<Item> Entries, bool HasMore);

/// <summary>WriteMode (§2.2): add, overwrite, or update with the rev the client last saw.</summary>
internal enum WriteModeKind { Add, Overwrite, Update }

/// <summary>The CommitInfo of files/upload and upload_session/finish, decoded.</summary>
internal sealed record CommitInfo(PathSpec Path, WriteModeKind Mode, string? UpdateRev, bool Autorename, long? ClientModified, bool StrictConflict);

/// <summary>An upload session row. Offset: bytes committed so far (sequential), or the end of the data (concurrent).</summary>
internal sealed record UploadSession(string Id, string AccountId, bool Concurrent, long Offset, bool Closed, long Created, long BytesAccepted, long BytesRefused);

/// <summary>A files/get_temporary_link link: a snapshot of one file revision, served without auth until it expires.</summary>
internal sealed record TemporaryLink(string Token, long Ns, string FileId, string Name, string ContentHash, long Size, long ExpiresAt);

/// <summary>A shared link row. Audience: public | team | no_one; Access: viewer | editor | max | default.</summary>
internal sealed record SharedLink(
    string Id, string RlKey, string AccountId, long Ns, string ItemId, string? Password, long? Expires,
    string Audience, string Access, bool AllowDownload, bool Revoked);

/// <summary>What create_shared_link_with_settings asked for (validated).</summary>
internal sealed record SharedLinkSettings(string? Password, long? Expires, string Audience, string Access, bool AllowDownload);
