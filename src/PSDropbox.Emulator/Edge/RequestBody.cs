namespace PSDropbox.Emulator.Edge;

/// <summary>The raw body of an upload-style request, refused with payload_too_large above Dropbox's per-request limit.</summary>
internal static class RequestBody
{
    /// <summary>150 MiB: the most one upload request may carry (§2.2, §2.3).</summary>
    public const long MaxUploadBytes = 150L * 1024 * 1024;

    /// <summary>The body stream; a declared or actual length above the limit throws 409 payload_too_large.</summary>
    public static Stream Limited(ApiContext ctx)
    {
        if (ctx.Http.Request.ContentLength > MaxUploadBytes)
        {
            throw ApiContext.Error("payload_too_large");
        }
        return new LimitedStream(ctx.Http.Request.Body, MaxUploadBytes);
    }

    private sealed class LimitedStream(Stream inner, long max) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        private int Count(int n)
        {
            _read += n;
            if (_read > max)
            {
                throw ApiContext.Error("payload_too_large");
            }
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
