namespace PSDropbox.Emulator.Faults;

/// <summary>
/// Passes a body through until a byte count, then aborts the connection, as a network cut would: on the request side
/// the handler sees the client vanish mid-upload; on the response side the client gets a truncated body.
/// The cut point is chosen at the first read or write, when the body's length is known.
/// </summary>
internal sealed class CuttingStream(Stream inner, Func<long> chooseCutPoint, HttpContext http, bool readSide) : Stream
{
    private long _passed;
    private long? _cutAfter;

    private long CutAfter => _cutAfter ??= chooseCutPoint();

    public override bool CanRead => readSide;
    public override bool CanWrite => !readSide;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _passed; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var allowed = CutAfter - _passed;
        if (allowed <= 0) throw Abort();
        var n = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, allowed)], cancellationToken).ConfigureAwait(false);
        _passed += n;
        return n;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var allowed = CutAfter - _passed;
        if (buffer.Length <= allowed)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            _passed += buffer.Length;
            return;
        }
        if (allowed > 0)
        {
            await inner.WriteAsync(buffer[..(int)allowed], cancellationToken).ConfigureAwait(false);
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            _passed = CutAfter;
        }
        throw Abort();
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();
    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private OperationCanceledException Abort()
    {
        http.Abort();
        return new OperationCanceledException("Injected fault: connection cut.", http.RequestAborted);
    }
}

/// <summary>A response body that stalls once, halfway through its first write, before going on (never, with an infinite stall).</summary>
internal sealed class StallingStream(Stream inner, TimeSpan stall, CancellationToken aborted) : Stream
{
    private bool _stalled;

    public override bool CanRead => false;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_stalled || buffer.Length < 2)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }
        _stalled = true;
        var half = buffer.Length / 2;
        await inner.WriteAsync(buffer[..half], cancellationToken).ConfigureAwait(false);
        await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        await Task.Delay(stall, aborted).ConfigureAwait(false);
        await inner.WriteAsync(buffer[half..], cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
