namespace PSDropbox;

/// <summary>
/// A copy_reference/get reference to a file or folder: another Dropbox account can save a copy of the item with it
/// (Save-DropboxCopyReference) without the bytes being uploaded again.
/// </summary>
public sealed class DropboxCopyReference
{
    public string CopyReference { get; init; } = "";
    public DateTime Expires { get; init; }
    public DropboxItem Item { get; init; } = null!;
    public string Name => Item.Name;
    public string? Path => Item.Path;

    public override string ToString() => CopyReference;
}
