using System.Security.Cryptography;
using System.Text;

namespace PSDropbox.Transfers;

/// <summary>
/// Dropbox content_hash (dropbox-api-v2.md §4), computed as bytes stream past: SHA-256 of each 4 MiB block, SHA-256 of the
/// concatenated block digests, lowercase hex. Memory is constant whatever the length.
/// </summary>
public sealed class ContentHasher : IDisposable
{
    public const int BlockSize = 4 * 1024 * 1024;

    private readonly IncrementalHash _overall = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash _block = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _inBlock;

    /// <summary>How many bytes have been appended.</summary>
    public long Length { get; private set; }

    public void Append(byte[] buffer, int offset, int count)
    {
        while (count > 0)
        {
            var take = Math.Min(BlockSize - _inBlock, count);
            _block.AppendData(buffer, offset, take);
            _inBlock += take;
            Length += take;
            offset += take;
            count -= take;
            if (_inBlock == BlockSize) FlushBlock();
        }
    }

    /// <summary>
    /// Appends bytes that start on a block boundary and end on one or at the end of the content, and returns the content
    /// hash of these bytes alone (an upload chunk's): each block is hashed once for both.
    /// </summary>
    public string AppendChunk(byte[] buffer, int offset, int count)
    {
        if (_inBlock != 0) throw new InvalidOperationException("A chunk must start on a block boundary.");
        using var chunk = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        while (count > 0)
        {
            var take = Math.Min(BlockSize, count);
            _block.AppendData(buffer, offset, take);
            var digest = _block.GetHashAndReset();
            _overall.AppendData(digest, 0, digest.Length);
            chunk.AppendData(digest, 0, digest.Length);
            Length += take;
            offset += take;
            count -= take;
        }
        return Hex(chunk.GetHashAndReset());
    }

    /// <summary>The hash of everything appended; the hasher starts over afterwards.</summary>
    public string Finish()
    {
        if (_inBlock > 0) FlushBlock();
        Length = 0;
        return Hex(_overall.GetHashAndReset());
    }

    /// <summary>The content hash of a local file, read once front to back.</summary>
    public static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024 * 1024];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        using var hasher = new ContentHasher();
        int n;
        while ((n = await file.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0) hasher.Append(buffer, 0, n);
        return hasher.Finish();
    }

    public static string Compute(byte[] buffer, int offset, int count)
    {
        using var hasher = new ContentHasher();
        hasher.Append(buffer, offset, count);
        return hasher.Finish();
    }

    public void Dispose()
    {
        _overall.Dispose();
        _block.Dispose();
    }

    private void FlushBlock()
    {
        var digest = _block.GetHashAndReset();
        _overall.AppendData(digest, 0, digest.Length);
        _inBlock = 0;
    }

    private static string Hex(byte[] bytes)
    {
        var sb = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes) sb.Append(b.ToString("x2"));
        return sb.ToString();
    }
}
