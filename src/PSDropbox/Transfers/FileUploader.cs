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
        var buffer = new byte[(int)Math.Min(_chunkSize, Math.Max(size, 0))];
        if (size <= _chunkSize)
        {
            var count = await ReadAtAsync(stream, 0, buffer, buffer.Length, cancellationToken).ConfigureAwait(false);
            var hash = ContentHasher.Compute(buffer, 0, count);
            var single = await _files.CommitOnceAsync(() => _files.UploadAsync(commit, buffer, count, hash, cancellationToken), commit, hash,
                cancellationToken).ConfigureAwait(false);
            progress?.Report(size);
            Verify(commit.Path, hash, single);
            return single;
        }

        var statePath = UploadState.PathFor(Path.GetFullPath(localPath), size, lastWrite, commit.Path);
        var state = resume ? UploadState.Load(statePath) : null;
        using var fileHash = new FileHashTracker(stream);
        // Two chunk buffers: the next chunk is read and hashed while the current one is on the wire.
        var spare = new byte[buffer.Length];
        Task<Chunk>? next = null;
        try
        {
            string sessionId;
            long offset;
            Chunk? chunk = null;
            if (state is not null && state.Offset > 0 && state.Offset <= size)
            {
                sessionId = state.SessionId;
                if (await ServerOffsetAsync(sessionId, state.Offset, size, cancellationToken).ConfigureAwait(false) is not long serverOffset)
                {
                    UploadState.Delete(statePath); // the session expired (7 days): start over
                    return await UploadAsync(localPath, commit, resume: false, progress, cancellationToken).ConfigureAwait(false);
                }
                offset = serverOffset;
            }
            else
            {
                var first = await ReadChunkAsync(stream, fileHash, buffer, 0, size, cancellationToken).ConfigureAwait(false);
                next = ReadAheadAsync(stream, fileHash, spare, first.Count, size, cancellationToken);
                sessionId = await _files.UploadSessionStartAsync(first.Buffer, first.Count, first.Hash, cancellationToken).ConfigureAwait(false);
                offset = first.Count;
                chunk = await next.ConfigureAwait(false);
                next = null;
                spare = first.Buffer;
                state = new UploadState { SessionId = sessionId, LocalPath = Path.GetFullPath(localPath), Size = size, LastWriteUtc = lastWrite, Destination = commit.Path };
            }
            progress?.Report(offset);

            while (true)
            {
                state.Offset = offset;
                state.Save(statePath);
                if (chunk is null || chunk.Offset != offset)
                    chunk = await ReadChunkAsync(stream, fileHash, chunk?.Buffer ?? buffer, offset, size, cancellationToken).ConfigureAwait(false);
                var current = chunk;
                var last = offset + current.Count == size;
                next = last ? null : ReadAheadAsync(stream, fileHash, spare, offset + current.Count, size, cancellationToken);
                try
                {
                    if (last)
                    {
                        var wholeHash = fileHash.Finish();
                        var result = await _files.CommitOnceAsync(
                            () => _files.UploadSessionFinishAsync(sessionId, current.Offset, commit, current.Buffer, current.Count, current.Hash, cancellationToken),
                            commit, wholeHash, cancellationToken).ConfigureAwait(false);
                        progress?.Report(size);
                        UploadState.Delete(statePath);
                        Verify(commit.Path, wholeHash, result);
                        return result;
                    }
                    // The transport retries an append (it is safe to repeat: a repeat of one that landed is an incorrect_offset).
                    await _files.UploadSessionAppendAsync(sessionId, current.Offset, current.Buffer, current.Count, current.Hash, cancellationToken)
                        .ConfigureAwait(false);
                    offset += current.Count;
                    progress?.Report(offset);
                }
                catch (DropboxApiException e) when (FilesClient.CorrectOffset(e) is long correct && correct != offset && correct <= size)
                {
                    offset = correct; // an earlier request landed although its answer was lost: continue where the server is
                }
                catch (DropboxApiException) when (last)
                {
                    // The server keeps the session's bytes when the commit fails (e.g. a conflict at the path): a resume only
                    // needs the finish. Were the session gone, the resume's offset check finds out and starts over.
                    state.Offset = size;
                    state.Save(statePath);
                    throw;
                }
                if (next is null) continue; // the finish moved to the server's offset: read from there
                chunk = await next.ConfigureAwait(false);
                next = null;
                spare = current.Buffer;
            }
        }
        finally
        {
            await IgnoreFailureAsync(next).ConfigureAwait(false); // the file stream must be idle before it is closed
        }
    }

    private sealed class Chunk(byte[] buffer, long offset, int count, string hash)
    {
        public byte[] Buffer { get; } = buffer;
        public long Offset { get; } = offset;
        public int Count { get; } = count;
        public string Hash { get; } = hash;
    }

    private static async Task<Chunk> ReadChunkAsync(Stream stream, FileHashTracker fileHash, byte[] buffer, long offset, long size,
        CancellationToken cancellationToken)
    {
        var count = await ReadAtAsync(stream, offset, buffer, (int)Math.Min(buffer.Length, size - offset), cancellationToken).ConfigureAwait(false);
        var hash = await fileHash.CoverAsync(offset, buffer, count, cancellationToken).ConfigureAwait(false);
        return new Chunk(buffer, offset, count, hash);
    }

    /// <summary>Reads and hashes on the thread pool, so that the work overlaps the request in flight.</summary>
    private static Task<Chunk> ReadAheadAsync(Stream stream, FileHashTracker fileHash, byte[] buffer, long offset, long size, CancellationToken cancellationToken) =>
        Task.Run(() => ReadChunkAsync(stream, fileHash, buffer, offset, size, cancellationToken), cancellationToken);

    private static async Task IgnoreFailureAsync(Task? task)
    {
        if (task is null) return;
        try { await task.ConfigureAwait(false); }
        catch { /* only waiting for it to stop */ }
    }

    /// <summary>
    /// Where a resumed session really is: the state file lags one chunk behind when the process died after an append
    /// landed. An empty append asks without sending a committed byte again; null when the session is gone.
    /// </summary>
    private async Task<long?> ServerOffsetAsync(string sessionId, long recorded, long size, CancellationToken cancellationToken)
    {
        try
        {
            await _files.UploadSessionAppendAsync(sessionId, recorded, Array.Empty<byte>(), 0, ContentHasher.Compute(Array.Empty<byte>(), 0, 0),
                cancellationToken).ConfigureAwait(false);
            return recorded;
        }
        catch (DropboxApiException e) when (FilesClient.CorrectOffset(e) is long correct && correct <= size)
        {
            return correct;
        }
        catch (DropboxApiException e) when (e.Kind == DropboxErrorKind.NotFound)
        {
            return null;
        }
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

    /// <summary>
    /// The whole file's content_hash, fed from the chunks as they are read; bytes skipped by a resume or a resync are
    /// read locally so that the hash always covers the whole file, each byte once.
    /// </summary>
    private sealed class FileHashTracker : IDisposable
    {
        private readonly Stream _file;
        private readonly ContentHasher _hasher = new();

        public FileHashTracker(Stream file) => _file = file;

        /// <summary>
        /// Makes the hash cover [0, chunkOffset + count) given the chunk's bytes, and returns the chunk's own content hash.
        /// A chunk that starts where the file hash has got to, on a block boundary (the usual case), is hashed once for both.
        /// </summary>
        public async Task<string> CoverAsync(long chunkOffset, byte[] chunk, int count, CancellationToken cancellationToken)
        {
            var hashed = _hasher.Length;
            if (chunkOffset == hashed && hashed % ContentHasher.BlockSize == 0) return _hasher.AppendChunk(chunk, 0, count);
            if (chunkOffset > hashed)
            {
                var gap = new byte[Math.Min(ContentHasher.BlockSize, chunkOffset - hashed)];
                while (hashed < chunkOffset)
                {
                    var n = await ReadAtAsync(_file, hashed, gap, (int)Math.Min(gap.Length, chunkOffset - hashed), cancellationToken).ConfigureAwait(false);
                    _hasher.Append(gap, 0, n);
                    hashed += n;
                }
            }
            var skip = (int)(hashed - chunkOffset);
            if (skip < count) _hasher.Append(chunk, skip, count - skip);
            return ContentHasher.Compute(chunk, 0, count);
        }

        public string Finish() => _hasher.Finish();

        public void Dispose() => _hasher.Dispose();
    }
}
