namespace PSDropbox.Transport;

/// <summary>A forward-only read stream over another, for wrappers that only change what a read does.</summary>
internal abstract class ReadOnlyWrapperStream : Stream
{
    protected ReadOnlyWrapperStream(Stream inner) => Inner = inner;

    protected Stream Inner { get; }

    public abstract override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing) Inner.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => Inner.Length;
    public override long Position { get => Inner.Position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A write-only stream over another (a request body on its way out), for wrappers that only change what a write does.</summary>
internal abstract class WriteOnlyWrapperStream : Stream
{
    protected WriteOnlyWrapperStream(Stream inner) => Inner = inner;

    protected Stream Inner { get; }

    public abstract override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

internal static class ContentHeaders
{
    /// <summary>Gives a wrapping content the headers of the content it wraps (its length comes from TryComputeLength).</summary>
    public static void Copy(HttpContent from, HttpContent to)
    {
        foreach (var header in from.Headers)
        {
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                to.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }
}
