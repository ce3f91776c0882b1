namespace PSDropbox;

/// <summary>Which way a sync copies: Upload makes the Dropbox folder hold what the local folder holds; Download the reverse.</summary>
public enum SyncDirection
{
    Upload,
    Download,
}

/// <summary>How the two sides of one path compare.</summary>
public enum SyncStatus
{
    /// <summary>Only the source has it.</summary>
    SourceOnly,

    /// <summary>Only the destination has it.</summary>
    DestinationOnly,

    /// <summary>Both have the file, with different content (size, then content_hash).</summary>
    Different,

    /// <summary>Both have it with the same content (or both have the folder).</summary>
    Same,

    /// <summary>Names that are one name in Dropbox (case, Unicode form), or a file on one side and a folder on the other: left alone.</summary>
    Conflict,

    /// <summary>A symbolic link or a name no sync copies: left alone.</summary>
    Skipped,

    /// <summary>The item could not be compared (unreadable, a name Dropbox refuses...): left alone.</summary>
    Error,
}

/// <summary>What a sync does (or would do) to a path.</summary>
public enum SyncAction
{
    None,
    /// <summary>Copies the local file to Dropbox (for a folder: creates it there).</summary>
    Upload,
    /// <summary>Copies the Dropbox file to the local folder (for a folder: creates it locally).</summary>
    Download,
    /// <summary>Removes the item from the destination (Dropbox: a restorable delete; local: moved to -BackupPath when given).</summary>
    Delete,
}

/// <summary>Whether a planned action was carried out.</summary>
public enum SyncOutcome
{
    /// <summary>Only planned (Compare-DropboxFolder, -WhatIf).</summary>
    Planned,
    Done,
    Failed,
    /// <summary>Not done: declined at a -Confirm prompt, or a delete held back by -MaxDelete.</summary>
    NotDone,
}

/// <summary>What kind of item a path is (on the side that has it).</summary>
public enum SyncItemType
{
    File,
    Folder,
    SymbolicLink,
}

/// <summary>
/// One path of a sync plan (Compare-DropboxFolder, Sync-DropboxFolder -WhatIf / -PassThru): how the two sides compare,
/// what the sync does about it and why. SideIndicator reads like Compare-Object's, with the local folder on the left:
/// "&lt;=" only local, "=&gt;" only in Dropbox, "==" same, "&lt;&gt;" different, "!!" conflict, skipped or error.
/// </summary>
public sealed class DropboxSyncItem
{
    internal DropboxSyncItem(string relativePath, SyncItemType itemType, SyncDirection direction, string localPath, string remotePath)
    {
        RelativePath = relativePath;
        ItemType = itemType;
        Direction = direction;
        LocalPath = localPath;
        RemotePath = remotePath;
    }

    /// <summary>The path below the synced folders, "/"-separated, as the source spells it.</summary>
    public string RelativePath { get; }

    public SyncItemType ItemType { get; }

    public SyncStatus Status { get; internal set; }

    public SyncAction Action { get; internal set; }

    /// <summary>Why: which side has it, how they differ, or what went wrong.</summary>
    public string Reason { get; internal set; } = "";

    public SyncDirection Direction { get; }

    /// <summary>The full local path (where the item is, or would be written).</summary>
    public string LocalPath { get; }

    /// <summary>The full Dropbox path (where the item is, or would be written).</summary>
    public string RemotePath { get; }

    public long? LocalSize { get; internal set; }

    public long? RemoteSize { get; internal set; }

    /// <summary>The local file's last write time (local time).</summary>
    public DateTime? LocalLastWriteTime { get; internal set; }

    /// <summary>The Dropbox file's client_modified (local time).</summary>
    public DateTime? RemoteLastWriteTime { get; internal set; }

    /// <summary>The local file's content hash, when it was needed (or known from the hash cache).</summary>
    public string? LocalContentHash { get; internal set; }

    public string? RemoteContentHash { get; internal set; }

    public SyncOutcome Outcome { get; internal set; } = SyncOutcome.Planned;

    /// <summary>Why the action failed or was not done.</summary>
    public string? Error { get; internal set; }

    /// <summary>The size of the file the action concerns: the source's, or the destination's for a delete.</summary>
    public long? Size => Status == SyncStatus.DestinationOnly ? DestinationSize : SourceSize ?? DestinationSize;

    public string SideIndicator => Status switch
    {
        SyncStatus.Same => "==",
        SyncStatus.Different => "<>",
        SyncStatus.SourceOnly => Direction == SyncDirection.Upload ? "<=" : "=>",
        SyncStatus.DestinationOnly => Direction == SyncDirection.Upload ? "=>" : "<=",
        _ => "!!",
    };

    /// <summary>Dropbox's rev of the file, when Dropbox has it.</summary>
    internal string? RemoteRev { get; set; }

    internal string Key { get; set; } = "";

    /// <summary>The local file's last write time as the plan saw it (UTC, to the tick): the sync acts only on a file still so.</summary>
    internal DateTime? LocalLastWriteUtc { get; set; }

    /// <summary>Where the item's action is done, or would be: the destination's path.</summary>
    internal string DestinationPath => Direction == SyncDirection.Upload ? RemotePath : LocalPath;

    internal bool IsFolder => ItemType == SyncItemType.Folder;

    private long? SourceSize => Direction == SyncDirection.Upload ? LocalSize : RemoteSize;

    private long? DestinationSize => Direction == SyncDirection.Upload ? RemoteSize : LocalSize;

    public override string ToString() => $"{Action} {RelativePath}";

    /// <summary>For the spool of planned deletes (see <see cref="Transfers.Sync.ExternalSorter{T}"/>).</summary>
    internal void Write(BinaryWriter writer)
    {
        writer.Write(RelativePath);
        writer.Write((byte)ItemType);
        writer.Write((byte)Direction);
        writer.Write(LocalPath);
        writer.Write(RemotePath);
        writer.Write((byte)Status);
        writer.Write((byte)Action);
        writer.Write(Reason);
        writer.Write(Key);
        WriteLong(writer, LocalSize);
        WriteLong(writer, RemoteSize);
        WriteLong(writer, LocalLastWriteTime?.Ticks);
        WriteLong(writer, RemoteLastWriteTime?.Ticks);
        WriteLong(writer, LocalLastWriteUtc?.Ticks);
        writer.Write(LocalContentHash ?? "");
        writer.Write(RemoteContentHash ?? "");
        writer.Write(RemoteRev ?? "");
    }

    internal static DropboxSyncItem Read(BinaryReader reader)
    {
        var item = new DropboxSyncItem(reader.ReadString(), (SyncItemType)reader.ReadByte(), (SyncDirection)reader.ReadByte(), reader.ReadString(), reader.ReadString())
        {
            Status = (SyncStatus)reader.ReadByte(),
            Action = (SyncAction)reader.ReadByte(),
            Reason = reader.ReadString(),
            Key = reader.ReadString(),
            LocalSize = ReadLong(reader),
            RemoteSize = ReadLong(reader),
            LocalLastWriteTime = ReadLong(reader) is { } local ? new DateTime(local, DateTimeKind.Local) : null,
            RemoteLastWriteTime = ReadLong(reader) is { } remote ? new DateTime(remote, DateTimeKind.Local) : null,
            LocalLastWriteUtc = ReadLong(reader) is { } utc ? new DateTime(utc, DateTimeKind.Utc) : null,
        };
        item.LocalContentHash = NullIfEmpty(reader.ReadString());
        item.RemoteContentHash = NullIfEmpty(reader.ReadString());
        item.RemoteRev = NullIfEmpty(reader.ReadString());
        return item;
    }

    private static void WriteLong(BinaryWriter writer, long? value)
    {
        writer.Write(value.HasValue);
        if (value.HasValue) writer.Write(value.Value);
    }

    private static long? ReadLong(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadInt64() : null;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
