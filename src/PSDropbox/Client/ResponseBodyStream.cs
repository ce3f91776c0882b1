using PSDropbox.Transport;

namespace PSDropbox.Client;

/// <summary>
/// A streamed response body whose read failures surface as Dropbox exceptions naming the route (ConnectionFailed, or
/// Timeout when it stalled), marked <see cref="DropboxException.WhileReceiving"/>. Cancellation stays cancellation.
/// </summary>
internal sealed class ResponseBodyStream : ReadOnlyWrapperStream
{
    private readonly string _route;
    private readonly Uri _endpoint;

    public ResponseBodyStream(Stream inner, string route, Uri endpoint) : base(inner)
    {
        _route = route;
        _endpoint = endpoint;
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        try
        {
            return await Inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && ApiCaller.NetworkFailure(e, _route, _endpoint, 1) is { } failure)
        {
            failure.WhileReceiving = true;
            throw failure;
        }
    }
}
