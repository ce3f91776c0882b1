using System.Net;

namespace PSDropbox.Transport;

/// <summary>
/// Paces request and answer bodies to the connection's transfer rate and the command's (<see cref="TransportOverrides"/>),
/// both at once when both are set: bytes are taken before they are sent and after they arrived, a slice at a time.
/// </summary>
internal sealed class TransferRateHandler : DelegatingHandler
{
    private readonly TransferRateLimiter? _connection;

    public TransferRateHandler(TransferRateLimiter? connection, HttpMessageHandler inner) : base(inner) => _connection = connection;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var limiters = new[] { _connection, TransportOverrides.Current?.Limiter }.OfType<TransferRateLimiter>().ToArray();
        if (limiters.Length == 0) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var original = request.Content;
        if (original is not null) request.Content = new PacedContent(original, limiters);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            request.Content = original;
        }
        if (response.Content is not null) response.Content = new WrappedResponseContent(response.Content, body => new PacedReadStream(body, limiters));
        return response;
    }

    private static async Task TakeAsync(TransferRateLimiter[] limiters, int bytes, CancellationToken cancellationToken)
    {
        foreach (var limiter in limiters) await limiter.TakeAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    private static int Slice(TransferRateLimiter[] limiters) => limiters.Min(l => l.Slice);

    private sealed class PacedContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly TransferRateLimiter[] _limiters;

        public PacedContent(HttpContent inner, TransferRateLimiter[] limiters)
        {
            _inner = inner;
            _limiters = limiters;
            ContentHeaders.Copy(inner, this);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _inner.CopyToAsync(new PacedWriteStream(stream, _limiters));

        protected override bool TryComputeLength(out long length)
        {
            length = _inner.Headers.ContentLength ?? -1;
            return length >= 0;
        }
    }

    private sealed class PacedWriteStream : WriteOnlyWrapperStream
    {
        private readonly TransferRateLimiter[] _limiters;

        public PacedWriteStream(Stream inner, TransferRateLimiter[] limiters) : base(inner) => _limiters = limiters;

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            var slice = Slice(_limiters);
            while (count > 0)
            {
                var n = Math.Min(count, slice);
                await TakeAsync(_limiters, n, cancellationToken).ConfigureAwait(false);
                await Inner.WriteAsync(buffer, offset, n, cancellationToken).ConfigureAwait(false);
                offset += n;
                count -= n;
            }
        }
    }

    private sealed class PacedReadStream : ReadOnlyWrapperStream
    {
        private readonly TransferRateLimiter[] _limiters;

        public PacedReadStream(Stream inner, TransferRateLimiter[] limiters) : base(inner) => _limiters = limiters;

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            var n = await Inner.ReadAsync(buffer, offset, Math.Min(count, Slice(_limiters)), cancellationToken).ConfigureAwait(false);
            if (n > 0) await TakeAsync(_limiters, n, cancellationToken).ConfigureAwait(false);
            return n;
        }
    }
}
