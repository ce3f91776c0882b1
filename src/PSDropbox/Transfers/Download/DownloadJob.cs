namespace PSDropbox.Transfers.Download;

/// <summary>One file to download: its metadata as listed, what to ask Dropbox for (a path, id: or rev:) and where it lands.</summary>
internal sealed class DownloadJob
{
    public DownloadJob(DropboxFile file, string remote, string target)
    {
        File = file;
        Remote = remote;
        Target = target;
    }

    public DropboxFile File { get; }

    public string Remote { get; }

    /// <summary>The full local path of the file.</summary>
    public string Target { get; }

    /// <summary>A file that cannot be downloaded is exported, in this format (null: Dropbox's default); see <see cref="FileExporter"/>.</summary>
    public string? ExportFormat { get; init; }

    /// <summary>The remote path errors name.</summary>
    public string DisplayPath => File.Path ?? Remote;
}
