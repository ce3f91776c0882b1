using System.Buffers;
using PSDropbox.Client;

namespace PSDropbox.Transfers;

/// <summary>
/// Downloads one file into "&lt;target&gt;.psdropbox-partial" beside the target, checks its length and content_hash,
/// sets the modification time from client_modified and renames it over the target in one step. An interrupted download
/// leaves only the partial file, which <c>resume</c> continues with a Range request.
/// </summary>
internal sealed class FileDownloader
{
    public const string PartialSuffix = ".psdropbox-partial";
    internal const int BufferSize = 1024 * 1024;

    private readonly FilesClient _files;

    public FileDownloader(FilesClient files) => _files = files;

    public static string PartialPathFor(string target) => target + PartialSuffix;

    /// <param name="remotePath">A path, id: or rev: of the file.</param>
    /// <param name="progress">Receives the number of bytes of the file on disk so far (resumed bytes included).</param>
    public async Task<DropboxFile> DownloadAsync(string remotePath, string target, bool resume, IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        var partial = PartialPathFor(target);
        var resumeFrom = resume && File.Exists(partial) ? new FileInfo(partial).Length : 0;
        var startedOver = false;
        // The transport retries everything up to the answer's headers; a body that breaks is resumed here, from the bytes
        // on disk, with the same policy's waits. Every resume that brought bytes starts a fresh budget.
        var schedule = _files.RetryPolicy.Start();
        while (true)
        {
            try
            {
                return await DownloadOnceAsync(remotePath, target, partial, resumeFrom, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (ContentHashMismatchException) when (resumeFrom > 0 && !startedOver)
            {
                // The kept bytes belong to an older version of the file: start over once.
                startedOver = true;
                resumeFrom = 0;
            }
            catch (DropboxException e) when (e is { WhileReceiving: true, IsTransient: true } && File.Exists(partial))
            {
                var kept = new FileInfo(partial).Length;
                if (kept > resumeFrom) schedule.Reset();
                if (schedule.Next() is not TimeSpan wait) throw;
                await schedule.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
                resumeFrom = kept;
            }
        }
    }

    private async Task<DropboxFile> DownloadOnceAsync(string remotePath, string target, string partial, long resumeFrom, IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        using var response = await _files.DownloadAsync(remotePath, resumeFrom, cancellationToken).ConfigureAwait(false);
        using var hasher = new ContentHasher();
        // Pooled: a tree download runs this once per file, ThrottleLimit at a time.
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            return await ReceiveAsync(response, remotePath, target, partial, hasher, buffer, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes the rest of <paramref name="content"/> at the end of <paramref name="output"/>, hashing it on the way; reports the bytes on disk.</summary>
    internal static async Task AppendHashedAsync(Stream content, FileStream output, ContentHasher hasher, byte[] buffer, IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        int n;
        while ((n = await content.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hasher.Append(buffer, 0, n);
            await output.WriteAsync(buffer, 0, n, cancellationToken).ConfigureAwait(false);
            progress?.Report(output.Position);
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<DropboxFile> ReceiveAsync(DownloadResponse response, string remotePath, string target, string partial, ContentHasher hasher,
        byte[] buffer, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var metadata = response.Metadata;
        using (var output = new FileStream(partial, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None))
        {
            var kept = Math.Min(response.Offset, output.Length);
            await HashExistingAsync(output, kept, hasher, buffer, cancellationToken).ConfigureAwait(false);
            output.SetLength(kept);
            output.Position = kept;
            if (kept != response.Offset) throw new IOException($"The server resumed at byte {response.Offset}, but only {kept} bytes are on disk.");
            progress?.Report(kept);
            await AppendHashedAsync(response.Content, output, hasher, buffer, progress, cancellationToken).ConfigureAwait(false);
            if (output.Length != metadata.Size)
                throw new IOException($"The download of '{metadata.Path}' ended after {output.Length} of {metadata.Size} bytes; run again with -Resume to continue.");
        }
        var hash = hasher.Finish();
        if (!string.Equals(hash, metadata.ContentHash, StringComparison.Ordinal))
        {
            File.Delete(partial);
            throw new ContentHashMismatchException(metadata.Path ?? remotePath, metadata.ContentHash ?? "(none)", hash);
        }
        File.SetLastWriteTimeUtc(partial, DateTime.SpecifyKind(metadata.ClientModified, DateTimeKind.Utc));
        MoveIntoPlace(partial, target);
        return metadata;
    }

    private static async Task HashExistingAsync(FileStream file, long length, ContentHasher hasher, byte[] buffer, CancellationToken cancellationToken)
    {
        file.Position = 0;
        while (length > 0)
        {
            var n = await file.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, length), cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            hasher.Append(buffer, 0, n);
            length -= n;
        }
    }

    /// <summary>One rename: readers see the old file or the new one, never a partial one.</summary>
    internal static void MoveIntoPlace(string partial, string target)
    {
        if (File.Exists(target)) File.Replace(partial, target, null);
        else File.Move(partial, target);
    }
}
