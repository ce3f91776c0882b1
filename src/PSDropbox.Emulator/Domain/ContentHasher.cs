using System.Security.Cryptography;

namespace PSDropbox.Emulator.Domain;

/// <summary>Dropbox content_hash (§4): SHA-256 per 4 MiB block, SHA-256 of the concatenated digests, lowercase hex.</summary>
internal sealed class ContentHasher : IDisposable
{
    public const int BlockSize = 4 * 1024 * 1024;

    private readonly IncrementalHash _overall = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash _block = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _inBlock;

    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            int take = Math.Min(BlockSize - _inBlock, data.Length);
            _block.AppendData(data[..take]);
            _inBlock += take;
            Length += take;
            data = data[take..];
            if (_inBlock == BlockSize)
            {
                FlushBlock();
            }
        }
    }

    private void FlushBlock()
    {
        Span<byte> digest = stackalloc byte[32];
        _block.GetHashAndReset(digest);
        _overall.AppendData(digest);
        _inBlock = 0;
    }

    public string Finish()
    {
        if (_inBlock > 0)
        {
            FlushBlock();
        }
        return Convert.ToHexStringLower(_overall.GetHashAndReset());
    }

    public void Dispose()
    {
        _overall.Dispose();
        _block.Dispose();
    }

    public static string Compute(ReadOnlySpan<byte> data)
    {
        using var h = new ContentHasher();
        h.Append(data);
        return h.Finish();
    }

    public static async Task<string> ComputeAsync(Stream stream, CancellationToken ct = default)
    {
        using var h = new ContentHasher();
        var buffer = new byte[81920];
        int n;
        while ((n = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            h.Append(buffer.AsSpan(0, n));
        }
        return h.Finish();
    }
}
