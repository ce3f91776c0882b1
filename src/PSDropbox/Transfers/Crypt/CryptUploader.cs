using PSDropbox.Client;
using PSDropbox.Client.Wire;

namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// Uploads one local file into an encrypted folder, encrypting it as it is read: files/upload when the encrypted file
/// fits in one chunk, else an upload session. Chunks end on block boundaries (the first also holds the 32-byte header),
/// so every block is sealed once and memory stays at one chunk. The file's nonce is kept in the owner-only
/// <see cref="UploadState"/> with the session, so -Resume carries on with the same nonce and sends nothing twice. The
/// content_hash Dropbox reports must equal the encrypted bytes' hash.
/// </summary>
internal sealed class CryptUploader
{
    private readonly FilesClient _files;
    private readonly byte[] _dataKey;
    private readonly int _chunkBody;

    /// <param name="chunkSize">About how many bytes per request; rounded down to whole encrypted blocks (at least one).</param>
    public CryptUploader(FilesClient files, CryptKeys keys, long chunkSize)
    {
        _files = files;
        _dataKey = keys.DataKey;
        _chunkBody = (int)Math.Max(1, chunkSize / CryptFormat.BlockSize) * CryptFormat.BlockSize;
    }

    /// <param name="progress">Receives how many plaintext bytes the server has confirmed.</param>
    public async Task<DropboxFile> UploadAsync(string localPath, CommitInfo commit, bool resume, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        using var plain = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var lastWrite = File.GetLastWriteTimeUtc(localPath);
        commit.ClientModified = FileUploader.ClientModified(lastWrite);
        var plainSize = plain.Length;
        var statePath = UploadState.PathFor(Path.GetFullPath(localPath), plainSize, lastWrite, commit.Path);
        var state = resume ? UploadState.Load(statePath) : null;
        if (state?.CryptNonce is null) state = null;
        var nonce = state is null ? FileNonce.Random() : Convert.FromBase64String(state.CryptNonce!);
        using var encrypted = new EncryptingStream(plain, _dataKey, nonce, leaveOpen: true);
        var size = encrypted.Length;
        void Report(long sent) => progress?.Report(size == 0 ? 0 : (long)(plainSize * ((double)sent / size)));
        var buffer = new byte[(int)Math.Min(CryptFormat.HeaderSize + _chunkBody, size)];

        if (size <= buffer.Length && state is null)
        {
            var count = await ReadAtAsync(encrypted, 0, buffer, buffer.Length, cancellationToken).ConfigureAwait(false);
            var hash = ContentHasher.Compute(buffer, 0, count);
            var single = await _files.CommitOnceAsync(() => _files.UploadAsync(commit, buffer, count, hash, cancellationToken), commit, hash,
                cancellationToken).ConfigureAwait(false);
            Report(size);
            FileUploader.Verify(commit.Path, hash, single);
            return single;
        }

        var hasher = new ContentHasher();
        try
        {
            string sessionId;
            long offset;
            if (state is not null && state.Offset > 0 && state.Offset <= size)
            {
                sessionId = state.SessionId;
                offset = state.Offset;
            }
            else
            {
                var count = await ReadAtAsync(encrypted, 0, buffer, ChunkEnd(0, size), cancellationToken).ConfigureAwait(false);
                sessionId = await _files.UploadSessionStartAsync(buffer, count, ContentHasher.Compute(buffer, 0, count), cancellationToken).ConfigureAwait(false);
                hasher.Append(buffer, 0, count);
                offset = count;
                state = new UploadState
                {
                    SessionId = sessionId, LocalPath = Path.GetFullPath(localPath), Size = plainSize, LastWriteUtc = lastWrite, Destination = commit.Path,
                    CryptNonce = Convert.ToBase64String(nonce),
                };
            }
            while (true)
            {
                state.Offset = offset;
                state.Save(statePath);
                Report(offset);
                if (hasher.Length > offset)
                {
                    hasher.Dispose();
                    hasher = new ContentHasher();
                }
                await HashUpToAsync(encrypted, hasher, offset, buffer, cancellationToken).ConfigureAwait(false);
                var count = await ReadAtAsync(encrypted, offset, buffer, ChunkEnd(offset, size), cancellationToken).ConfigureAwait(false);
                var chunkHash = ContentHasher.Compute(buffer, 0, count);
                try
                {
                    if (offset + count == size)
                    {
                        hasher.Append(buffer, 0, count);
                        var wholeHash = hasher.Finish();
                        var current = offset;
                        var result = await _files.CommitOnceAsync(
                            () => _files.UploadSessionFinishAsync(sessionId, current, commit, buffer, count, chunkHash, cancellationToken),
                            commit, wholeHash, cancellationToken).ConfigureAwait(false);
                        Report(size);
                        UploadState.Delete(statePath);
                        FileUploader.Verify(commit.Path, wholeHash, result);
                        return result;
                    }
                    await _files.UploadSessionAppendAsync(sessionId, offset, buffer, count, chunkHash, cancellationToken).ConfigureAwait(false);
                    hasher.Append(buffer, 0, count);
                    offset += count;
                }
                catch (DropboxApiException e) when (FilesClient.CorrectOffset(e) is long correct && correct != offset && correct <= size)
                {
                    offset = correct; // an earlier request landed although its answer was lost (or a resume's state lags): go on from the server's offset
                }
                catch (DropboxApiException e) when (e.Kind == DropboxErrorKind.NotFound && resume)
                {
                    UploadState.Delete(statePath); // the session expired (7 days): start over with a new nonce
                    return await UploadAsync(localPath, commit, resume: false, progress, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            hasher.Dispose();
        }
    }

    /// <summary>Where the chunk that starts at <paramref name="offset"/> ends, as a count: at the next block boundary a whole chunk away.</summary>
    private int ChunkEnd(long offset, long size)
    {
        var end = offset < CryptFormat.HeaderSize
            ? CryptFormat.HeaderSize + _chunkBody
            : CryptFormat.HeaderSize + ((offset - CryptFormat.HeaderSize) / _chunkBody + 1) * _chunkBody;
        return (int)(Math.Min(end, size) - offset);
    }

    /// <summary>Makes the file hash cover the encrypted bytes before <paramref name="offset"/> (after a resume, from the local file again).</summary>
    private static async Task HashUpToAsync(Stream encrypted, ContentHasher hasher, long offset, byte[] buffer, CancellationToken cancellationToken)
    {
        while (hasher.Length < offset)
        {
            var n = await ReadAtAsync(encrypted, hasher.Length, buffer, (int)Math.Min(buffer.Length, offset - hasher.Length), cancellationToken).ConfigureAwait(false);
            hasher.Append(buffer, 0, n);
        }
    }

    private static Task<int> ReadAtAsync(Stream stream, long offset, byte[] buffer, int count, CancellationToken cancellationToken) =>
        FileUploader.ReadAtAsync(stream, offset, buffer, count, cancellationToken);
}
