namespace PSDropbox.Transfers;

/// <summary>
/// The whole content_hash of what a session upload sends, fed from the chunks as they are read; bytes skipped by a
/// resume or a resync are read from the content itself so that the hash always covers all of it, each byte once.
/// </summary>
internal sealed class FileHashTracker : IDisposable
{
    private readonly Stream _content;
    private readonly long _size;
    private readonly ContentHasher _hasher = new();

    public FileHashTracker(Stream content)
    {
        _content = content;
        _size = content.Length;
    }

    /// <summary>
    /// Makes the hash cover [0, chunkOffset + count) given the chunk's bytes, and returns the chunk's own content hash.
    /// A chunk that starts where the hash has got to and both starts and ends on 4 MiB block boundaries (or at the end),
    /// as plain files' chunks do, is hashed once for both.
    /// </summary>
    public async Task<string> CoverAsync(long chunkOffset, byte[] chunk, int count, CancellationToken cancellationToken)
    {
        var hashed = _hasher.Length;
        if (chunkOffset == hashed && hashed % ContentHasher.BlockSize == 0 && (count % ContentHasher.BlockSize == 0 || hashed + count == _size))
            return _hasher.AppendChunk(chunk, 0, count);
        if (chunkOffset > hashed)
        {
            var gap = new byte[Math.Min(ContentHasher.BlockSize, chunkOffset - hashed)];
            while (hashed < chunkOffset)
            {
                var n = await FileUploader.ReadAtAsync(_content, hashed, gap, (int)Math.Min(gap.Length, chunkOffset - hashed), cancellationToken)
                    .ConfigureAwait(false);
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
