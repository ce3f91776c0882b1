namespace PSDropbox.Emulator.Domain;

/// <summary>
/// Tunables of downloads and links: files/download_zip limits and the temporary-link lifetime. Start values come from
/// <see cref="EmulatorOptions"/>; tests change the zip limits at run time through POST /_emulator/download_zip_limits.
/// </summary>
internal sealed class TransferSettings
{
    /// <summary>Most bytes of file content a zip may hold (Dropbox: 20 GB).</summary>
    public long DownloadZipMaxBytes { get; set; } = EmulatorOptions.DropboxZipMaxBytes;

    /// <summary>Most entries a zip may hold, the folder itself included (Dropbox: fewer than 10,000).</summary>
    public long DownloadZipMaxEntries { get; set; } = EmulatorOptions.DropboxZipMaxEntries;

    /// <summary>How long files/get_temporary_link links work (Dropbox: 4 hours).</summary>
    public TimeSpan TemporaryLinkLifetime { get; set; } = TimeSpan.FromHours(4);

}
