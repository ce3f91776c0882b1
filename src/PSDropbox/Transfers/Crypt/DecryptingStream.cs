namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// The plaintext of a crypt file read from its encrypted bytes, forward-only. Every block is authenticated before any
/// of its bytes are handed out: a block that fails throws <see cref="DecryptionFailedException"/>, so a reader never
/// sees a byte that was changed. It can start at any block (a ranged or resumed download) given the header's nonce,
/// and skip into that block. Up to 16 blocks (about 1 MiB) are read and opened at a time, in parallel.
/// </summary>
internal sealed class DecryptingStream : Stream
{
    private const int BlocksPerBatch = 16;

    private readonly Stream _encrypted;
    private readonly byte[] _key;
    private readonly byte[] _nonce;
    private readonly bool _leaveOpen;
    private readonly byte[] _batch = new byte[BlocksPerBatch * CryptFormat.BlockSize];
    private readonly List<(int At, int Length)> _plainRuns = new(BlocksPerBatch);
    private long _nextBlock;
    private int _run;
    private int _runOffset;
    private int _skip;
    private bool _ended;

    /// <param name="encrypted">The encrypted bytes from the start of block <paramref name="firstBlock"/>.</param>
    /// <param name="initialNonce">The nonce in the file's header.</param>
    /// <param name="skip">Plaintext bytes of the first block to pass over (a range that starts inside it).</param>
    public DecryptingStream(Stream encrypted, byte[] dataKey, byte[] initialNonce, long firstBlock = 0, int skip = 0, bool leaveOpen = false)
    {
        if (initialNonce.Length != CryptFormat.NonceSize) throw new ArgumentException("A crypt nonce is 24 bytes.", nameof(initialNonce));
        _encrypted = encrypted;
        _key = dataKey;
        _nonce = (byte[])initialNonce.Clone();
        _nextBlock = firstBlock;
        _skip = skip;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Reads and checks the header at the start of <paramref name="encrypted"/>, then decrypts what follows.</summary>
    public static async Task<DecryptingStream> OpenAsync(Stream encrypted, byte[] dataKey, CancellationToken cancellationToken, bool leaveOpen = false)
    {
        var header = new byte[CryptFormat.HeaderSize];
        var n = await ReadFillAsync(encrypted, header, 0, header.Length, cancellationToken).ConfigureAwait(false);
        return new DecryptingStream(encrypted, dataKey, ReadHeader(header, n), leaveOpen: leaveOpen);
    }

    /// <summary>The nonce from a header's bytes, after checking it is one.</summary>
    public static byte[] ReadHeader(byte[] header, int count)
    {
        if (count < CryptFormat.HeaderSize) throw new DecryptionFailedException("It is too short to be an encrypted file.");
        for (var i = 0; i < CryptFormat.Magic.Length; i++)
            if (header[i] != CryptFormat.Magic[i]) throw new DecryptionFailedException("It is not an encrypted file (no RCLONE header).");
        var nonce = new byte[CryptFormat.NonceSize];
        Buffer.BlockCopy(header, CryptFormat.Magic.Length, nonce, 0, nonce.Length);
        return nonce;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadCoreAsync(buffer, offset, count, async: false, CancellationToken.None).GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadCoreAsync(buffer, offset, count, async: true, cancellationToken);

    private async Task<int> ReadCoreAsync(byte[] buffer, int offset, int count, bool async, CancellationToken cancellationToken)
    {
        while (_run >= _plainRuns.Count)
        {
            if (_ended) return 0;
            await FillAsync(async, cancellationToken).ConfigureAwait(false);
        }
        var (at, length) = _plainRuns[_run];
        var n = Math.Min(count, length - _runOffset);
        Buffer.BlockCopy(_batch, at + _runOffset, buffer, offset, n);
        _runOffset += n;
        if (_runOffset == length)
        {
            _run++;
            _runOffset = 0;
        }
        return n;
    }

    /// <summary>Reads up to a batch of sealed blocks and opens them all; the batch is handed out only if every one opens.</summary>
    private async Task FillAsync(bool async, CancellationToken cancellationToken)
    {
        _plainRuns.Clear();
        _run = 0;
        _runOffset = 0;
        var blocks = new List<(long Index, int At, int Length)>(BlocksPerBatch);
        for (var i = 0; i < BlocksPerBatch && !_ended; i++)
        {
            var at = i * CryptFormat.BlockSize;
            var n = async
                ? await ReadFillAsync(_encrypted, _batch, at, CryptFormat.BlockSize, cancellationToken).ConfigureAwait(false)
                : ReadFill(_encrypted, _batch, at, CryptFormat.BlockSize);
            if (n < CryptFormat.BlockSize) _ended = true;
            if (n == 0) break;
            if (n <= CryptFormat.TagSize) throw new DecryptionFailedException($"Block {_nextBlock} is cut short: the file is truncated or damaged.");
            blocks.Add((_nextBlock++, at, n - CryptFormat.TagSize));
        }
        var failed = long.MaxValue;
        Parallel.ForEach(blocks, block =>
        {
            if (!SecretBox.Open(_key, FileNonce.ForBlock(_nonce, block.Index), _batch, block.At, block.Length))
                lock (blocks) failed = Math.Min(failed, block.Index);
        });
        if (failed != long.MaxValue)
        {
            _ended = true;
            throw new DecryptionFailedException(failed == 0
                ? "Block 0 does not authenticate: the password (or salt) is not the one it was encrypted with, or the file was changed."
                : $"Block {failed} does not authenticate: the file was changed or damaged.");
        }
        foreach (var block in blocks)
        {
            var skip = Math.Min(_skip, block.Length);
            _skip -= skip;
            if (block.Length > skip) _plainRuns.Add((block.At + CryptFormat.TagSize + skip, block.Length - skip));
        }
    }

    private static int ReadFill(Stream stream, byte[] buffer, int offset, int count)
    {
        var filled = 0;
        int n;
        while (filled < count && (n = stream.Read(buffer, offset + filled, count - filled)) > 0) filled += n;
        return filled;
    }

    internal static async Task<int> ReadFillAsync(Stream stream, byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var filled = 0;
        int n;
        while (filled < count && (n = await stream.ReadAsync(buffer, offset + filled, count - filled, cancellationToken).ConfigureAwait(false)) > 0)
            filled += n;
        return filled;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen) _encrypted.Dispose();
        base.Dispose(disposing);
    }
}
