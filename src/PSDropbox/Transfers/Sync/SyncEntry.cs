namespace PSDropbox.Transfers.Sync;

internal enum SyncEntryKind : byte
{
    File,
    Folder,
    /// <summary>A symbolic link (or other reparse point): listed, never followed.</summary>
    Link,
    /// <summary>A folder whose contents could not be listed; <see cref="SyncEntry.Problem"/> says why.</summary>
    Unreadable,
}

/// <summary>One item of one side of a sync, as the planner sees it.</summary>
internal sealed class SyncEntry
{
    public SyncEntry(string key, string relativePath, SyncEntryKind kind)
    {
        Key = key;
        RelativePath = relativePath;
        Kind = kind;
    }

    /// <summary>See <see cref="SyncKey"/>.</summary>
    public string Key { get; }

    /// <summary>The path below the synced folder, "/"-separated, with the names as this side spells them.</summary>
    public string RelativePath { get; }

    public SyncEntryKind Kind { get; }

    public long Size { get; init; }

    /// <summary>Local: the file's last write time; Dropbox: client_modified.</summary>
    public DateTime LastWriteUtc { get; init; }

    /// <summary>Dropbox files only: content_hash, rev and whether the file can be downloaded.</summary>
    public string? ContentHash { get; init; }

    public string? Rev { get; init; }

    public bool IsDownloadable { get; init; } = true;

    /// <summary>Why an <see cref="SyncEntryKind.Unreadable"/> folder could not be listed.</summary>
    public string? Problem { get; init; }

    public bool IsFolder => Kind == SyncEntryKind.Folder;

    public string Name
    {
        get
        {
            var slash = RelativePath.LastIndexOf('/');
            return slash < 0 ? RelativePath : RelativePath.Substring(slash + 1);
        }
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Key);
        writer.Write(RelativePath);
        writer.Write((byte)Kind);
        writer.Write(Size);
        writer.Write(LastWriteUtc.Ticks);
        writer.Write(ContentHash ?? "");
        writer.Write(Rev ?? "");
        writer.Write(IsDownloadable);
        writer.Write(Problem ?? "");
    }

    public static SyncEntry Read(BinaryReader reader) => new(reader.ReadString(), reader.ReadString(), (SyncEntryKind)reader.ReadByte())
    {
        Size = reader.ReadInt64(),
        LastWriteUtc = new DateTime(reader.ReadInt64(), DateTimeKind.Utc),
        ContentHash = NullIfEmpty(reader.ReadString()),
        Rev = NullIfEmpty(reader.ReadString()),
        IsDownloadable = reader.ReadBoolean(),
        Problem = NullIfEmpty(reader.ReadString()),
    };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    public override string ToString() => $"{Kind} {RelativePath}";
}
