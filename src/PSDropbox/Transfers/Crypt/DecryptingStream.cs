namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// The plaintext of a crypt file read from its encrypted bytes, forward-only. Every block is authenticated before any
/// of its bytes are handed out: a block that fails throws <see cref="DecryptionFailedException"/>, so a reader never
/// sees a byte that was changed. It can start at any block (a ranged or resumed download) given the header's nonce,
/// and skip into that block. Blocks come in batches of 16 (about 1 MiB): while one batch is opened (its blocks in
/// parallel) and handed out, the next is read ahead into a second buffer, so the network and the cipher overlap. A read
/// ahead runs under the token of the read that started it; disposing the stream cancels it.
/// </summary>
internal sealed class DecryptingStream : Stream
{
    private const int BlocksPerBatch = 16;

    private readonly Stream _encrypted;
    private readonly byte[] _key;
    private readonly byte[] _nonce;
    private readonly bool _leaveOpen;
    private readonly CancellationTokenSource _disposed = new();
    private readonly List<(int At, int Length)> _plainRuns = new(BlocksPerBatch);
    private byte[] _batch = new byte[BlocksPerBatch * CryptFormat.BlockSize];
    private byte[] _incoming = new byte[BlocksPerBatch * CryptFormat.BlockSize];
    private Task<int>? _reading;
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
        if (!await HasRunAsync(async, cancellationToken).ConfigureAwait(false)) return 0;
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

    public override Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken) =>
        CopyToAsync(destination, null, cancellationToken);

    /// <summary>
    /// Writes the rest of the plaintext to <paramref name="destination"/> straight from the opened blocks, with no
    /// buffer in between; <paramref name="batchWritten"/> is called after each batch.
    /// </summary>
    public async Task CopyToAsync(Stream destination, Action? batchWritten, CancellationToken cancellationToken)
    {
        while (await HasRunAsync(async: true, cancellationToken).ConfigureAwait(false))
        {
            for (; _run < _plainRuns.Count; _run++, _runOffset = 0)
            {
                var (at, length) = _plainRuns[_run];
                await destination.WriteAsync(_batch, at + _runOffset, length - _runOffset, cancellationToken).ConfigureAwait(false);
            }
            batchWritten?.Invoke();
        }
    }

    /// <summary>Makes sure there is plaintext left to hand out, opening the next batch when this one is done; false at the end.</summary>
    private async Task<bool> HasRunAsync(bool async, CancellationToken cancellationToken)
    {
        while (_run >= _plainRuns.Count)
        {
            if (_ended) return false;
            await FillAsync(async, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>
    /// Takes the batch read ahead (reading it now if none is on the way), starts reading the one after it into the
    /// buffer just handed out, and opens the blocks it took; they are handed out only if every one opens.
    /// </summary>
    private async Task FillAsync(bool async, CancellationToken cancellationToken)
    {
        _plainRuns.Clear();
        _run = 0;
        _runOffset = 0;
        var reading = _reading ?? ReadAhead(_incoming, async, cancellationToken);
        _reading = null;
        var count = await reading.ConfigureAwait(false);
        (_batch, _incoming) = (_incoming, _batch);
        if (count < _batch.Length) _ended = true;
        else _reading = ReadAhead(_incoming, async, cancellationToken);
        var blocks = new List<(long Index, int At, int Length)>(BlocksPerBatch);
        for (var at = 0; at < count; at += CryptFormat.BlockSize)
        {
            var n = Math.Min(CryptFormat.BlockSize, count - at);
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

    /// <summary>Fills <paramref name="batch"/> from the encrypted stream on the thread pool (short only at its end).</summary>
    private Task<int> ReadAhead(byte[] batch, bool async, CancellationToken cancellationToken) =>
        async ? Task.Run(() => ReadFillAsync(batch, cancellationToken, _disposed.Token)) : Task.Run(() => ReadFill(_encrypted, batch, 0, batch.Length));

    private async Task<int> ReadFillAsync(byte[] batch, CancellationToken cancellationToken, CancellationToken disposed)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, disposed);
        return await ReadFillAsync(_encrypted, batch, 0, batch.Length, stop.Token).ConfigureAwait(false);
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
        if (disposing)
        {
            _disposed.Cancel();
            _reading?.ContinueWith(static reading => _ = reading.Exception, TaskContinuationOptions.OnlyOnFaulted); // nobody waits for it now
            if (!_leaveOpen) _encrypted.Dispose();
        }
        base.Dispose(disposing);
    }
}
