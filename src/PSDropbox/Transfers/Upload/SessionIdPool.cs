using PSDropbox.Client;

namespace PSDropbox.Transfers.Upload;

/// <summary>
/// Upload session ids for small files, opened many at a time with upload_session/start_batch. The blocks start at the
/// number of files in flight and double up to 1,000, so a short upload opens few spare sessions (they expire unused) and
/// a long one few requests.
/// </summary>
internal sealed class SessionIdPool
{
    private readonly FilesClient _files;
    private readonly Queue<string> _ids = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _nextBlock;

    public SessionIdPool(FilesClient files, int firstBlock)
    {
        _files = files;
        _nextBlock = Math.Max(1, Math.Min(firstBlock, FilesClient.MaxUploadBatch));
    }

    public async Task<string> TakeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ids.Count == 0)
            {
                foreach (var id in await _files.UploadSessionStartBatchAsync(_nextBlock, cancellationToken).ConfigureAwait(false)) _ids.Enqueue(id);
                _nextBlock = Math.Min(_nextBlock * 2, FilesClient.MaxUploadBatch);
            }
            return _ids.Dequeue();
        }
        finally
        {
            _gate.Release();
        }
    }
}
