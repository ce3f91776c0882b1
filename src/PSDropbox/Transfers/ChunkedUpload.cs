using PSDropbox.Client;
using PSDropbox.Client.Wire;

namespace PSDropbox.Transfers;

/// <summary>
/// Sends a seekable stream of known length as one file: files/upload when it fits in one chunk, otherwise an upload
/// session of appends, with the chunks cut where the caller says. Two chunk buffers: the next chunk is read and hashed
/// on the thread pool while the current one is on the wire. The session's progress is kept in an <see cref="UploadState"/>
/// file, and a resume asks the server where the session is, so no committed byte is sent twice. The content_hash
/// Dropbox reports must equal the stream's.
/// </summary>
internal sealed class ChunkedUpload
{
    private readonly FilesClient _files;
    private readonly Stream _content;
    private readonly long _size;
    private readonly int _maxChunk;
    private readonly Func<long, int> _chunkLengthAt;

    /// <param name="maxChunk">The longest chunk; content up to this length goes in one files/upload.</param>
    /// <param name="chunkLengthAt">How many bytes the chunk that starts at an offset holds (up to <paramref name="maxChunk"/>, none past the end).</param>
    public ChunkedUpload(FilesClient files, Stream content, int maxChunk, Func<long, int> chunkLengthAt)
    {
        _files = files;
        _content = content;
        _size = content.Length;
        _maxChunk = maxChunk;
        _chunkLengthAt = chunkLengthAt;
    }

    /// <param name="statePath">Where this upload's <see cref="UploadState"/> is kept.</param>
    /// <param name="recorded">The state to resume from, if any.</param>
    /// <param name="newState">The state of a new session, given its id.</param>
    /// <param name="progress">Receives how many bytes the server has confirmed.</param>
    /// <returns>Null when the recorded session has expired (7 days): the caller starts over.</returns>
    public async Task<DropboxFile?> UploadAsync(CommitInfo commit, string statePath, UploadState? recorded, Func<string, UploadState> newState,
        IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(_maxChunk, _size)];
        if (_size <= _maxChunk)
        {
            var count = await FileUploader.ReadAtAsync(_content, 0, buffer, buffer.Length, cancellationToken).ConfigureAwait(false);
            var hash = ContentHasher.Compute(buffer, 0, count);
            var single = await _files.CommitOnceAsync(() => _files.UploadAsync(commit, buffer, count, hash, cancellationToken), commit, hash,
                cancellationToken).ConfigureAwait(false);
            progress?.Report(_size);
            FileUploader.Verify(commit.Path, hash, single);
            return single;
        }

        using var fileHash = new FileHashTracker(_content);
        var spare = new byte[buffer.Length];
        Task<Chunk>? next = null;
        try
        {
            UploadState state;
            long offset;
            Chunk? chunk = null;
            if (recorded is not null && recorded.Offset > 0 && recorded.Offset <= _size)
            {
                state = recorded;
                if (await ServerOffsetAsync(state.SessionId, state.Offset, cancellationToken).ConfigureAwait(false) is not long serverOffset)
                {
                    UploadState.Delete(statePath);
                    return null;
                }
                offset = serverOffset;
            }
            else
            {
                var first = await ReadChunkAsync(fileHash, buffer, 0, cancellationToken).ConfigureAwait(false);
                next = ReadAheadAsync(fileHash, spare, first.Count, cancellationToken);
                var sessionId = await _files.UploadSessionStartAsync(first.Buffer, first.Count, first.Hash, cancellationToken).ConfigureAwait(false);
                offset = first.Count;
                chunk = await next.ConfigureAwait(false);
                next = null;
                spare = first.Buffer;
                state = newState(sessionId);
            }
            progress?.Report(offset);

            while (true)
            {
                state.Offset = offset;
                state.Save(statePath);
                if (chunk is null || chunk.Offset != offset)
                    chunk = await ReadChunkAsync(fileHash, chunk?.Buffer ?? buffer, offset, cancellationToken).ConfigureAwait(false);
                var current = chunk;
                var last = offset + current.Count == _size;
                next = last ? null : ReadAheadAsync(fileHash, spare, offset + current.Count, cancellationToken);
                try
                {
                    if (last)
                    {
                        var wholeHash = fileHash.Finish();
                        var result = await _files.CommitOnceAsync(
                            () => _files.UploadSessionFinishAsync(state.SessionId, current.Offset, commit, current.Buffer, current.Count, current.Hash,
                                cancellationToken),
                            commit, wholeHash, cancellationToken).ConfigureAwait(false);
                        progress?.Report(_size);
                        UploadState.Delete(statePath);
                        FileUploader.Verify(commit.Path, wholeHash, result);
                        return result;
                    }
                    // The transport retries an append (it is safe to repeat: a repeat of one that landed is an incorrect_offset).
                    await _files.UploadSessionAppendAsync(state.SessionId, current.Offset, current.Buffer, current.Count, current.Hash, cancellationToken)
                        .ConfigureAwait(false);
                    offset += current.Count;
                    progress?.Report(offset);
                }
                catch (DropboxApiException e) when (FilesClient.CorrectOffset(e) is long correct && correct != offset && correct <= _size)
                {
                    offset = correct; // an earlier request landed although its answer was lost: continue where the server is
                }
                catch (DropboxApiException) when (last)
                {
                    // The server keeps the session's bytes when the commit fails (e.g. a conflict at the path): a resume only
                    // needs the finish. Were the session gone, the resume's offset check finds out and starts over.
                    state.Offset = _size;
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
            await IgnoreFailureAsync(next).ConfigureAwait(false); // the content must be idle before it is closed
        }
    }

    private sealed class Chunk(byte[] buffer, long offset, int count, string hash)
    {
        public byte[] Buffer { get; } = buffer;
        public long Offset { get; } = offset;
        public int Count { get; } = count;
        public string Hash { get; } = hash;
    }

    private async Task<Chunk> ReadChunkAsync(FileHashTracker fileHash, byte[] buffer, long offset, CancellationToken cancellationToken)
    {
        var count = await FileUploader.ReadAtAsync(_content, offset, buffer, _chunkLengthAt(offset), cancellationToken).ConfigureAwait(false);
        var hash = await fileHash.CoverAsync(offset, buffer, count, cancellationToken).ConfigureAwait(false);
        return new Chunk(buffer, offset, count, hash);
    }

    /// <summary>Reads and hashes on the thread pool, so that the work overlaps the request in flight.</summary>
    private Task<Chunk> ReadAheadAsync(FileHashTracker fileHash, byte[] buffer, long offset, CancellationToken cancellationToken) =>
        Task.Run(() => ReadChunkAsync(fileHash, buffer, offset, cancellationToken), cancellationToken);

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
    private async Task<long?> ServerOffsetAsync(string sessionId, long recorded, CancellationToken cancellationToken)
    {
        try
        {
            await _files.UploadSessionAppendAsync(sessionId, recorded, Array.Empty<byte>(), 0, ContentHasher.Compute(Array.Empty<byte>(), 0, 0),
                cancellationToken).ConfigureAwait(false);
            return recorded;
        }
        catch (DropboxApiException e) when (FilesClient.CorrectOffset(e) is long correct && correct <= _size)
        {
            return correct;
        }
        catch (DropboxApiException e) when (e.Kind == DropboxErrorKind.NotFound)
        {
            return null;
        }
    }
}
