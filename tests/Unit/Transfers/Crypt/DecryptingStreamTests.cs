using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Tests.Unit.Transfers.Crypt;

/// <summary>
/// The decrypting stream's read-ahead: the next batch is read while one is handed out, never more than that, and a
/// read waiting on the network stops at once when the caller cancels or disposes the stream.
/// </summary>
public sealed class DecryptingStreamTests
{
    private const int Batch = 16 * CryptFormat.BlockSize;
    private static readonly byte[] Key = Bytes(32, 1);
    private static readonly byte[] Nonce = Bytes(24, 2);
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task WhileABatchIsHandedOut_TheNextIsReadAhead_AndNoMore()
    {
        var source = new Source(Body(40 * CryptFormat.BlockDataSize), stallAt: int.MaxValue);
        using var decrypting = new DecryptingStream(source, Key, Nonce);

        Assert.Equal(1, await decrypting.ReadAsync(new byte[1], 0, 1));

        var deadline = DateTime.UtcNow + Soon;
        while (source.BytesRead < 2 * Batch && DateTime.UtcNow < deadline) await Task.Delay(10);
        await Task.Delay(200);
        Assert.Equal(2 * Batch, source.BytesRead);
    }

    [Fact]
    public async Task Cancelling_StopsAReadAheadWaitingOnTheNetwork_AtOnce()
    {
        var source = new Source(Body(40 * CryptFormat.BlockDataSize), stallAt: Batch + 100);
        using var decrypting = new DecryptingStream(source, Key, Nonce);
        using var cancel = new CancellationTokenSource();

        var copying = decrypting.CopyToAsync(Stream.Null, null, cancel.Token);
        await source.Stalled.Task.WaitAsync(Soon);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => copying.WaitAsync(Soon));
        await source.Cancelled.Task.WaitAsync(Soon);
    }

    [Fact]
    public async Task Disposing_CancelsTheReadAhead()
    {
        var source = new Source(Body(40 * CryptFormat.BlockDataSize), stallAt: Batch + 100);
        var decrypting = new DecryptingStream(source, Key, Nonce, leaveOpen: true);

        Assert.Equal(1, await decrypting.ReadAsync(new byte[1], 0, 1));
        await source.Stalled.Task.WaitAsync(Soon);
        decrypting.Dispose();

        await source.Cancelled.Task.WaitAsync(Soon);
    }

    /// <summary>The encrypted blocks (no header) of <paramref name="length"/> random plaintext bytes.</summary>
    private static byte[] Body(int length)
    {
        using var encrypting = new EncryptingStream(new MemoryStream(Bytes(length, 3)), Key, Nonce);
        var encrypted = new MemoryStream();
        encrypting.CopyTo(encrypted);
        return encrypted.ToArray().Skip(CryptFormat.HeaderSize).ToArray();
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A network body: counts what was read, and from <c>stallAt</c> on waits until its read is cancelled.</summary>
    private sealed class Source(byte[] content, int stallAt) : Stream
    {
        private int _position;

        public int BytesRead => Volatile.Read(ref _position);
        public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (_position >= stallAt)
            {
                Stalled.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Cancelled.TrySetResult();
                    throw;
                }
            }
            var n = Math.Min(count, Math.Min(content.Length, stallAt) - _position);
            Buffer.BlockCopy(content, _position, buffer, offset, n);
            Volatile.Write(ref _position, _position + n);
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
