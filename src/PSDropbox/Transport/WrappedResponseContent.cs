using System.Net;

namespace PSDropbox.Transport;

/// <summary>
/// An answer's body read through a wrapper stream (a watchdog, a pace): the inner content's headers and length, its
/// stream handed to <c>wrap</c> once per read of the body. Disposing it disposes the inner content.
/// </summary>
internal sealed class WrappedResponseContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly Func<Stream, Stream> _wrap;

    public WrappedResponseContent(HttpContent inner, Func<Stream, Stream> wrap)
    {
        _inner = inner;
        _wrap = wrap;
        ContentHeaders.Copy(inner, this);
    }

    protected override async Task<Stream> CreateContentReadStreamAsync() => _wrap(await _inner.ReadAsStreamAsync().ConfigureAwait(false));

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        using var body = await CreateContentReadStreamAsync().ConfigureAwait(false);
        await body.CopyToAsync(stream, 81920).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _inner.Headers.ContentLength ?? -1;
        return length >= 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
