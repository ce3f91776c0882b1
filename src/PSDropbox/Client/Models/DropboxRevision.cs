namespace PSDropbox;

/// <summary>
/// One stored version of a file (files/list_revisions). Path and Rev bind to Restore-DropboxItem down the pipeline.
/// </summary>
public sealed class DropboxRevision
{
    internal DropboxRevision(DropboxFile version, bool fileIsDeleted)
    {
        Name = version.Name;
        Path = version.Path;
        PathLower = version.PathLower;
        Id = version.Id;
        Rev = version.Rev ?? "";
        Size = version.Size;
        ClientModified = version.ClientModified;
        ServerModified = version.ServerModified;
        ContentHash = version.ContentHash;
        FileIsDeleted = fileIsDeleted;
    }

    public string Name { get; }
    /// <summary>Where the file was when this version was written.</summary>
    public string? Path { get; }
    public string? PathLower { get; }
    public string? Id { get; }
    public string Rev { get; }
    public long Size { get; }
    public long Length => Size;
    public DateTime ClientModified { get; }
    /// <summary>When this version was written to Dropbox (UTC).</summary>
    public DateTime ServerModified { get; }
    public DateTime LastWriteTime => ClientModified.ToLocalTime();
    public string? ContentHash { get; }
    /// <summary>True when the file itself is currently deleted (every listed version can still be restored).</summary>
    public bool FileIsDeleted { get; }

    public override string ToString() => $"{Path}@{Rev}";
}
