namespace PSDropbox.Transfers.Download;

/// <summary>
/// One thing the user asked to download: a remote path (id:, rev:) still to be looked up, or an item whose metadata came
/// down the pipeline (no lookup).
/// </summary>
internal sealed class DownloadSource
{
    private DownloadSource(string remote, DropboxItem? item)
    {
        Remote = remote;
        Item = item;
    }

    public static DownloadSource ForPath(string remote) => new(remote, null);

    public static DownloadSource ForItem(DropboxItem item) => new(item.PathLower ?? item.Path ?? item.Name, item);

    public string Remote { get; }

    public DropboxItem? Item { get; }

    /// <summary>A file source is written to the destination path itself rather than into it under its own name.</summary>
    public bool ToDestinationPath { get; set; }
}
