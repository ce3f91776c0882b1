namespace PSDropbox;

/// <summary>What happened to an item, as Dropbox reports it: it cannot tell an added file from a modified one.</summary>
public enum DropboxChangeType
{
    /// <summary>A file was added, or its content changed; Item is the file as it is now.</summary>
    FileAddedOrModified,
    /// <summary>A folder was added (or reported again); Item is the folder.</summary>
    FolderAddedOrModified,
    /// <summary>The item and everything below it were deleted (or moved away).</summary>
    Deleted,
}

/// <summary>
/// One change under a watched folder (Get-DropboxChange, Watch-DropboxChange). Path binds to -Path parameters, so
/// changes pipe into Get-DropboxItem and friends. Cursor resumes after the batch this change came in.
/// </summary>
public sealed class DropboxChange
{
    internal DropboxChange(DropboxItem item, string cursor, bool baseline)
    {
        Item = item;
        Cursor = cursor;
        Baseline = baseline;
        ChangeType = item switch
        {
            DropboxFile => DropboxChangeType.FileAddedOrModified,
            DropboxFolder => DropboxChangeType.FolderAddedOrModified,
            _ => DropboxChangeType.Deleted,
        };
    }

    public DropboxChangeType ChangeType { get; }
    public string Name => Item.Name;
    public string? Path => Item.Path;
    public string? PathLower => Item.PathLower;
    /// <summary>The file or folder as it is now, or the deleted entry.</summary>
    public DropboxItem Item { get; }
    /// <summary>True when this entry comes from a full listing (the first run, or after a cursor reset) rather than from a change.</summary>
    public bool Baseline { get; }
    /// <summary>Pass this to -Cursor next time to get the changes after this change's batch.</summary>
    public string Cursor { get; }

    /// <summary>Identifies the reported state (path plus rev / id / deletion), so a resumed reader can skip what it delivered.</summary>
    internal string Key => Item switch
    {
        DropboxFile f => "f:" + PathLower + ":" + f.Rev,
        DropboxFolder d => "d:" + PathLower + ":" + d.Id,
        _ => "x:" + PathLower,
    };

    public override string ToString() => $"{ChangeType} {Path}";
}
