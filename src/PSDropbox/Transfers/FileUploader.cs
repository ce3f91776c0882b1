using System.Globalization;
using PSDropbox.Client;
using PSDropbox.Client.Wire;

namespace PSDropbox.Transfers;

/// <summary>
/// Uploads one local file: in one files/upload request when it fits the single-request limit. The commit carries the
/// local modification time as client_modified, and the content_hash Dropbox reports must equal the local file's.
/// </summary>
internal sealed class FileUploader
{
    /// <summary>The most one request may carry (150 MiB).</summary>
    public const long MaxSingleRequest = 150L * 1024 * 1024;

    private readonly FilesClient _files;

    public FileUploader(FilesClient files) => _files = files;

    /// <param name="progress">Receives the number of bytes sent so far.</param>
    public async Task<DropboxFile> UploadAsync(string localPath, CommitInfo commit, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        commit.ClientModified = ClientModified(File.GetLastWriteTimeUtc(localPath));
        var size = stream.Length;
        if (size > MaxSingleRequest)
            throw new IOException($"'{localPath}' is {size} bytes; files larger than {MaxSingleRequest} bytes need upload sessions.");

        var buffer = new byte[size];
        var count = await ReadFullAsync(stream, buffer, buffer.Length, cancellationToken).ConfigureAwait(false);
        if (count != size || stream.ReadByte() >= 0)
            throw new IOException($"'{localPath}' changed while it was being read; nothing was uploaded.");
        var hash = ContentHasher.Compute(buffer, 0, count);
        var result = await _files.UploadAsync(commit, buffer, count, hash, cancellationToken).ConfigureAwait(false);
        progress?.Report(size);
        Verify(commit.Path, hash, result);
        return result;
    }

    internal static void Verify(string what, string localHash, DropboxFile result)
    {
        if (!string.Equals(result.ContentHash, localHash, StringComparison.Ordinal))
            throw new ContentHashMismatchException(what, localHash, result.ContentHash ?? "(none)");
    }

    /// <summary>Dropbox timestamps are UTC whole seconds: yyyy-MM-ddTHH:mm:ssZ.</summary>
    internal static string ClientModified(DateTime utc) =>
        new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static async Task<int> ReadFullAsync(Stream stream, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < count)
        {
            var n = await stream.ReadAsync(buffer, filled, count - filled, cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            filled += n;
        }
        return filled;
    }
}
