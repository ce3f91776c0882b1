using PSDropbox.Client;
using PSDropbox.Transfers;

namespace PSDropbox.Content;

/// <summary>
/// A Dropbox file read as a forward-only stream straight from files/download, never stored anywhere. A connection that
/// breaks inside the body is picked up again with a Range request for the same revision; read to the end, the bytes
/// must have the length and content_hash Dropbox announced, or the last read throws <see cref="ContentHashMismatchException"/>.
/// </summary>
internal sealed class RemoteFileStream : Stream
{
    private readonly FilesClient _files;
    private readonly CancellationToken _cancellationToken;
    private readonly ContentHasher _hasher = new();
    private DownloadResponse _response;
    private long _position;
    private readonly Transport.RetrySchedule _reconnects;
    private bool _verified;

    private RemoteFileStream(FilesClient files, DownloadResponse response, CancellationToken cancellationToken)
    {
        _files = files;
        _response = response;
        _cancellationToken = cancellationToken;
        _reconnects = files.RetryPolicy.Start();
    }

    /// <summary>The file being read (as Dropbox reported it when the download started).</summary>
    public DropboxFile Metadata => _response.Metadata;

    /// <param name="path">A path, id: or rev: of the file.</param>
    public static async Task<RemoteFileStream> OpenAsync(FilesClient files, string path, CancellationToken cancellationToken)
    {
        var response = await files.DownloadAsync(path, null, cancellationToken).ConfigureAwait(false);
        return new RemoteFileStream(files, response, cancellationToken);
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken, cancellationToken);
        while (true)
        {
            int n;
            try
            {
                n = await _response.Content.ReadAsync(buffer, offset, count, linked.Token).ConfigureAwait(false);
            }
            catch (DropboxException e) when (e is { WhileReceiving: true, IsTransient: true })
            {
                // The transport's policy decides how often and after how long; a reconnect that brought bytes starts afresh.
                if (_reconnects.Next() is not TimeSpan wait) throw;
                await _reconnects.DelayAsync(wait, linked.Token).ConfigureAwait(false);
                await ReconnectAsync(linked.Token).ConfigureAwait(false);
                continue;
            }
            if (n > 0)
            {
                _reconnects.Reset();
                _hasher.Append(buffer, offset, n);
                _position += n;
                return n;
            }
            if (count > 0) Verify();
            return 0;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    private async Task ReconnectAsync(CancellationToken cancellationToken)
    {
        // The same revision, from the first byte not yet read: the rest of exactly the file that was started.
        var next = await _files.DownloadAsync("rev:" + Metadata.Rev, _position, cancellationToken).ConfigureAwait(false);
        if (next.Offset != _position)
        {
            next.Dispose();
            throw new IOException($"Dropbox resumed '{Metadata.Path}' at byte {next.Offset} instead of {_position}.");
        }
        _response.Dispose();
        _response = next;
    }

    private void Verify()
    {
        if (_verified) return;
        _verified = true;
        var what = Metadata.Path ?? Metadata.Name;
        if (_position != Metadata.Size)
            throw new IOException($"The download of '{what}' ended after {_position} of {Metadata.Size} bytes.");
        var hash = _hasher.Finish();
        if (!string.Equals(hash, Metadata.ContentHash, StringComparison.Ordinal))
            throw new ContentHashMismatchException(what, Metadata.ContentHash ?? "(none)", hash);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => Metadata.Size;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
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
            _response.Dispose();
            _hasher.Dispose();
        }
        base.Dispose(disposing);
    }
}
