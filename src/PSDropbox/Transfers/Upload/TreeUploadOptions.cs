using PSDropbox.Client.Wire;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Transfers.Upload;

internal sealed class TreeUploadOptions
{
    /// <summary>
    /// Files in flight at once. 16 measured best at a 50 ms round trip (bench/README.md): fewer leave the link idle between
    /// requests, more gain little and hold more memory.
    /// </summary>
    public const int DefaultThrottleLimit = 16;

    public int ChunkSize { get; init; } = FileUploader.DefaultChunkSize;

    public int ThrottleLimit { get; init; } = DefaultThrottleLimit;

    /// <summary>Continue interrupted upload sessions of large files (small files are simply sent again).</summary>
    public bool Resume { get; init; }

    /// <summary>Leave out files whose remote copy has the same content_hash.</summary>
    public bool SkipIdentical { get; init; }

    /// <summary>The encrypted folders: files and folders inside them are encrypted (<see cref="CryptTransfers"/>).</summary>
    public IReadOnlyList<CryptFolder> Crypt { get; init; } = Array.Empty<CryptFolder>();

    /// <summary>How to commit a file at a remote path (mode, autorename...); client_modified is filled in per file.</summary>
    public Func<string, CommitInfo> Commit { get; init; } = path => new CommitInfo { Path = path };
}
