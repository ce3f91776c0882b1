using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Transfers.Download;

/// <summary>How a run of <see cref="TreeDownloader"/> treats each file.</summary>
internal sealed class DownloadOptions
{
    /// <summary>Files downloaded at the same time.</summary>
    public int ThrottleLimit { get; set; } = TreeDownloader.DefaultThrottleLimit;

    /// <summary>Folders are downloaded with everything in them.</summary>
    public bool Recurse { get; set; }

    /// <summary>Existing local files are replaced.</summary>
    public bool Force { get; set; }

    /// <summary>A local file with the remote content_hash is left as it is and reported as skipped.</summary>
    public bool SkipIdentical { get; set; }

    /// <summary>
    /// Partial files are continued with a Range request, complete files (same content_hash) are skipped, and at the end
    /// partial files under the downloaded folders that belong to no file of the run are removed.
    /// </summary>
    public bool Resume { get; set; }

    /// <summary>The format files that cannot be downloaded are exported in; null: each file's default (ExportAs).</summary>
    public string? ExportFormat { get; set; }

    /// <summary>The encrypted folders: files inside them are decrypted (<see cref="CryptTransfers"/>), names shown in plaintext.</summary>
    public IReadOnlyList<CryptFolder> Crypt { get; set; } = Array.Empty<CryptFolder>();
}
