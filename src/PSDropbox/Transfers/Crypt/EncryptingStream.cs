namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// The crypt file of a plaintext stream, produced as it is read: header, then each 64 KiB of plaintext sealed under the
/// nonce for its block. Over a seekable plaintext the result is seekable too, with a length known up front; a position
/// inside a block re-seals just that block (sealing is deterministic given the nonce), and a position on a block
/// boundary re-seals nothing, which is how a resumed upload carries on. Reads of whole blocks seal them straight into
/// the caller's buffer, several at once; otherwise one block is held. Over a forward-only plaintext, it is forward-only.
/// </summary>
internal sealed class EncryptingStream : Stream
{
    private readonly Stream _plain;
    private readonly byte[] _key;
    private readonly byte[] _nonce;
    private readonly byte[] _header;
    private readonly bool _leaveOpen;
    private readonly long? _plainLength;
    private readonly byte[] _block = new byte[CryptFormat.BlockSize];
    private long _blockIndex = -1;
    private int _blockLength;
    private long _position;
    private bool _ended;

    /// <param name="nonce">The file's nonce: random for a new file, the recorded one to resume an upload.</param>
    public EncryptingStream(Stream plain, byte[] dataKey, byte[] nonce, bool leaveOpen = false)
    {
        if (nonce.Length != CryptFormat.NonceSize) throw new ArgumentException("A crypt nonce is 24 bytes.", nameof(nonce));
        _plain = plain;
        _key = dataKey;
        _nonce = (byte[])nonce.Clone();
        _header = [.. CryptFormat.Magic, .. _nonce];
        _leaveOpen = leaveOpen;
        if (plain.CanSeek) _plainLength = plain.Length;
    }

    public override bool CanRead => true;
    public override bool CanSeek => _plainLength is not null;
    public override bool CanWrite => false;
    public override long Length =>
        _plainLength is long plainLength
            ? CryptFormat.EncryptedSize(plainLength)
            : throw new NotSupportedException("The plaintext is forward-only: its encrypted length is known at its end.");

    public override long Position
    {
        get => _position;
        set
        {
            if (!CanSeek) throw new NotSupportedException("The plaintext is forward-only.");
            if (value < 0) throw new ArgumentOutOfRangeException(nameof(value));
            _position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var total = 0;
        while (count > 0)
        {
            int n;
            if (_position < CryptFormat.HeaderSize)
            {
                n = Math.Min(count, CryptFormat.HeaderSize - (int)_position);
                Buffer.BlockCopy(_header, (int)_position, buffer, offset, n);
            }
            else if (CanSeek && (n = SealWholeBlocks(buffer, offset, count)) > 0)
            {
            }
            else if ((n = CopyFromBlock(buffer, offset, count)) == 0)
            {
                break;
            }
            _position += n;
            offset += n;
            count -= n;
            total += n;
        }
        return total;
    }

    public override long Seek(long offset, SeekOrigin origin) =>
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };

    /// <summary>
    /// When the position is on a block boundary and the buffer holds one or more whole blocks: reads their plaintext
    /// into place behind each tag slot, seals them in parallel, and returns the bytes produced (0 when it does not apply).
    /// </summary>
    private int SealWholeBlocks(byte[] buffer, int offset, int count)
    {
        var plainLength = _plainLength!.Value;
        var first = CryptFormat.BlockIndexAt(_position);
        if (CryptFormat.BlockOffset(first) != _position) return 0;
        var blocks = new List<(long Index, int At, int Length)>();
        var at = offset;
        for (var index = first; ; index++)
        {
            var length = (int)Math.Min(CryptFormat.BlockDataSize, plainLength - index * CryptFormat.BlockDataSize);
            if (length <= 0 || CryptFormat.TagSize + length > offset + count - at) break;
            blocks.Add((index, at, length));
            at += CryptFormat.TagSize + length;
        }
        if (blocks.Count == 0) return 0;
        foreach (var block in blocks) ReadPlain(block.Index, buffer, block.At + CryptFormat.TagSize, block.Length);
        Parallel.ForEach(blocks, block => SecretBox.Seal(_key, FileNonce.ForBlock(_nonce, block.Index), buffer, block.At, block.Length));
        return at - offset;
    }

    /// <summary>Copies from the sealed block that holds the position, sealing it first if it is not the one held; 0 at the end.</summary>
    private int CopyFromBlock(byte[] buffer, int offset, int count)
    {
        var index = CryptFormat.BlockIndexAt(_position);
        if (index != _blockIndex)
        {
            if (_ended) return 0;
            var length = _plainLength is long plainLength
                ? (int)Math.Max(0, Math.Min(CryptFormat.BlockDataSize, plainLength - index * CryptFormat.BlockDataSize))
                : CryptFormat.BlockDataSize;
            if (length > 0) length = ReadPlain(index, _block, CryptFormat.TagSize, length);
            _ended = !CanSeek && length < CryptFormat.BlockDataSize; // a forward-only plaintext ends with its first short block
            if (length == 0) return 0;
            SecretBox.Seal(_key, FileNonce.ForBlock(_nonce, index), _block, 0, length);
            _blockIndex = index;
            _blockLength = CryptFormat.TagSize + length;
        }
        var within = (int)(_position - CryptFormat.BlockOffset(index));
        var n = Math.Min(count, _blockLength - within);
        if (n <= 0) return 0;
        Buffer.BlockCopy(_block, within, buffer, offset, n);
        return n;
    }

    /// <summary>Reads block <paramref name="index"/>'s plaintext: all <paramref name="length"/> bytes, or up to the end of a forward-only stream.</summary>
    private int ReadPlain(long index, byte[] buffer, int at, int length)
    {
        if (CanSeek) _plain.Position = index * CryptFormat.BlockDataSize;
        else if (index != _blockIndex + 1) throw new NotSupportedException("The plaintext is forward-only.");
        var filled = 0;
        while (filled < length)
        {
            var n = _plain.Read(buffer, at + filled, length - filled);
            if (n == 0) break;
            filled += n;
        }
        if (CanSeek && filled < length) throw new IOException("The file got shorter while it was being encrypted; nothing was committed.");
        return filled;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen) _plain.Dispose();
        base.Dispose(disposing);
    }
}
