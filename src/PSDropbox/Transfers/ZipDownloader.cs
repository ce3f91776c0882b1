using PSDropbox.Client;

namespace PSDropbox.Transfers;

/// <summary>
/// Downloads a folder as one zip into "&lt;target&gt;.psdropbox-partial" and renames it over the target once the whole body
/// arrived. Dropbox serves zips without Range and without a content hash, so a broken body starts over (within the retry
/// policy's budget), and a failed download leaves nothing behind (a partial zip cannot be continued).
/// </summary>
internal sealed class ZipDownloader
{
    private readonly FilesClient _files;

    public ZipDownloader(FilesClient files) => _files = files;

    /// <param name="progress">Receives the number of bytes of the zip on disk so far.</param>
    public async Task<DropboxFolder> DownloadAsync(string remotePath, string target, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var partial = FileDownloader.PartialPathFor(target);
        var schedule = _files.RetryPolicy.Start();
        while (true)
        {
            try
            {
                DropboxFolder folder;
                using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
                {
                    folder = await _files.DownloadZipAsync(remotePath, output, progress, cancellationToken).ConfigureAwait(false);
                    await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                FileDownloader.MoveIntoPlace(partial, target);
                return folder;
            }
            catch (DropboxException e) when (e is { WhileReceiving: true, IsTransient: true } && schedule.Next() is TimeSpan wait)
            {
                progress?.Report(0);
                await schedule.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                if (File.Exists(partial)) File.Delete(partial);
                throw;
            }
        }
    }
}
