using System.Globalization;
using PSDropbox.Client;
using PSDropbox.Client.Wire;

namespace PSDropbox.Transfers;

/// <summary>
/// Uploads one local file: files/upload when it fits in one chunk, otherwise an upload session of chunk-sized appends,
/// so memory stays at one chunk whatever the size. The commit carries the local modification time as client_modified,
/// and the content_hash Dropbox reports must equal the local file's. The session's progress is kept in an
/// <see cref="UploadState"/> file so that an interrupted upload can be resumed without re-sending committed bytes.
/// </summary>
internal sealed class FileUploader
{
    public const int DefaultChunkSize = 16 * 1024 * 1024;

    private readonly FilesClient _files;
    private readonly int _chunkSize;

    public FileUploader(FilesClient files, int chunkSize = DefaultChunkSize)
    {
        if (chunkSize <= 0 || chunkSize % ContentHasher.BlockSize != 0)
            throw new ArgumentException("The chunk size must be a positive multiple of 4 MiB.", nameof(chunkSize));
        _files = files;
        _chunkSize = chunkSize;
    }

    /// <param name="resume">Continue the session recorded for this file and destination, if there is one.</param>
    /// <param name="progress">Receives the number of bytes the server has confirmed.</param>
    public async Task<DropboxFile> UploadAsync(string localPath, CommitInfo commit, bool resume, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var lastWrite = File.GetLastWriteTimeUtc(localPath);
        commit.ClientModified = ClientModified(lastWrite);
        var size = stream.Length;
        var fullPath = Path.GetFullPath(localPath);
        var statePath = UploadState.PathFor(fullPath, size, lastWrite, commit.Path);
        var upload = new ChunkedUpload(_files, stream, _chunkSize, offset => (int)Math.Min(_chunkSize, size - offset));
        return await upload.UploadAsync(commit, statePath, resume ? UploadState.Load(statePath) : null,
                   sessionId => new UploadState { SessionId = sessionId, LocalPath = fullPath, Size = size, LastWriteUtc = lastWrite, Destination = commit.Path },
                   progress, cancellationToken).ConfigureAwait(false)
               ?? await UploadAsync(localPath, commit, resume: false, progress, cancellationToken).ConfigureAwait(false);
    }

    internal static void Verify(string what, string localHash, DropboxFile result)
    {
        if (!string.Equals(result.ContentHash, localHash, StringComparison.Ordinal))
            throw new ContentHashMismatchException(what, localHash, result.ContentHash ?? "(none)");
    }

    /// <summary>Dropbox timestamps are UTC whole seconds: yyyy-MM-ddTHH:mm:ssZ.</summary>
    internal static string ClientModified(DateTime utc) =>
        new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static async Task<int> ReadAtAsync(Stream stream, long offset, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        stream.Position = offset;
        var filled = 0;
        while (filled < count)
        {
            var n = await stream.ReadAsync(buffer, filled, count - filled, cancellationToken).ConfigureAwait(false);
            if (n == 0) throw new IOException("The file got shorter while it was being uploaded; nothing was committed.");
            filled += n;
        }
        return filled;
    }
}
