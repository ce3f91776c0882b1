using System.Collections.Concurrent;
using PSDropbox.Client;
using PSDropbox.Client.Wire;
using PSDropbox.Transfers.Download;
using PSDropbox.Transfers.Upload;

namespace PSDropbox.Transfers.Sync;

/// <summary>
/// Hands the copies of a sync plan to the transfer engines, at most ThrottleLimit files at a time: uploads to the
/// <see cref="TreeUploader"/> (small files committed in batches, large ones in their own resumable sessions), downloads
/// to <see cref="ParallelDownloads"/> (partial files continued). <see cref="AddAsync"/> waits while the engine is full, so
/// the plan is never read far ahead. An upload replaces a Dropbox file only at the revision the plan compared (update
/// mode; a new file is written in overwrite mode), and a download replaces a local file only if it is still as the plan
/// saw it: what changed meanwhile is reported, not overwritten. The hash cache learns each copied file's hash.
/// </summary>
internal sealed class SyncCopier : IDisposable
{
    private readonly HashCache _hashes;
    private readonly ISyncObserver _observer;
    private readonly CancellationTokenSource _stop;
    private readonly ConcurrentDictionary<string, DropboxSyncItem> _inFlight = new(StringComparer.Ordinal);
    private readonly BlockingCollection<UploadJob>? _uploads;
    private readonly Task? _uploading;
    private readonly ParallelDownloads? _downloads;
    private readonly RemoteScope _scope;

    public SyncCopier(FilesClient files, SyncOptions options, HashCache hashes, ISyncObserver observer, int throttleLimit, int chunkSize,
        CancellationToken cancellationToken)
    {
        _hashes = hashes;
        _observer = observer;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _scope = new RemoteScope(options.RemotePathOf(""), Recursive: true);
        var engine = new Engine(this);
        if (options.Upload)
        {
            _uploads = new BlockingCollection<UploadJob>(throttleLimit);
            var uploader = new TreeUploader(files, new TreeUploadOptions { ThrottleLimit = throttleLimit, ChunkSize = chunkSize, Resume = true, Commit = Commit, Crypt = options.Crypt });
            _uploading = Task.Run(() => uploader.RunAsync(_uploads.GetConsumingEnumerable(_stop.Token), engine, _stop.Token));
            // An engine that stopped itself takes no more jobs: AddAsync must not wait for room that never comes.
            _uploading.ContinueWith(_ => StopQuietly(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
        else
        {
            _downloads = new ParallelDownloads(files, new DownloadOptions { ThrottleLimit = throttleLimit, Force = true, Resume = true, Crypt = options.Crypt }, engine, _stop.Token);
        }
    }

    /// <summary>Starts the item's copy once the engine has room (a folder is made at once for a download).</summary>
    public async Task AddAsync(DropboxSyncItem item)
    {
        if (_uploads is not null)
        {
            _inFlight[item.RemotePath] = item;
            var job = item.IsFolder
                ? UploadJob.Folder(new DirectoryInfo(item.LocalPath), item.RemotePath, _scope)
                : UploadJob.File(new FileInfo(item.LocalPath), item.RemotePath, _scope);
            try
            {
                _uploads.Add(job, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                await _uploading!.ConfigureAwait(false); // throws what stopped the engine, if it stopped itself
                throw;
            }
            return;
        }
        if (item.IsFolder)
        {
            try
            {
                Directory.CreateDirectory(item.LocalPath);
                item.Outcome = SyncOutcome.Done;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                if (!Fail(item, e)) throw;
            }
            await _observer.SettledAsync(item).ConfigureAwait(false);
            return;
        }
        _inFlight[item.RemotePath] = item;
        var file = new DropboxFile
        {
            Name = Path.GetFileName(item.RemotePath),
            Path = item.RemotePath,
            Size = item.RemoteSize ?? 0,
            ContentHash = item.RemoteContentHash,
            Rev = item.RemoteRev,
        };
        await _downloads!.AddAsync(new DownloadJob(file, item.RemotePath, item.LocalPath)).ConfigureAwait(false);
    }

    /// <summary>Stops the copies under way (the plan could not be read to its end).</summary>
    public void Stop() => _stop.Cancel();

    private void StopQuietly()
    {
        try { _stop.Cancel(); }
        catch (ObjectDisposedException) { /* the run is over */ }
    }

    /// <summary>Waits for every copy started; throws what stopped the run, if anything did.</summary>
    public async Task CompleteAsync()
    {
        if (_uploads is not null)
        {
            _uploads.CompleteAdding();
            await _uploading!.ConfigureAwait(false);
        }
        else await _downloads!.WhenAllAsync().ConfigureAwait(false);
    }

    /// <summary>Update mode at the compared revision for a file Dropbox has, overwrite for a new one.</summary>
    private CommitInfo Commit(string remotePath)
    {
        var rev = _inFlight.TryGetValue(remotePath, out var item) && item.Status == SyncStatus.Different ? item.RemoteRev : null;
        return new CommitInfo
        {
            Path = remotePath,
            Mode = rev is null ? new WriteModeArg { Mode = DropboxWriteMode.Overwrite } : new WriteModeArg { Mode = DropboxWriteMode.Update, Rev = rev },
        };
    }

    /// <summary>The local file is as the plan saw it (or still absent, if the plan saw none).</summary>
    internal static bool StillAsPlanned(DropboxSyncItem item)
    {
        var file = new FileInfo(item.LocalPath);
        if (item.LocalLastWriteUtc is not { } planned) return !file.Exists && !Directory.Exists(item.LocalPath);
        return file.Exists && file.Length == item.LocalSize && file.LastWriteTimeUtc == planned;
    }

    private async Task DoneAsync(string remotePath, DropboxItem? result)
    {
        if (!_inFlight.TryRemove(remotePath, out var item)) return;
        if (result is DropboxFile file) Remember(item, file);
        item.Outcome = SyncOutcome.Done;
        await _observer.SettledAsync(item).ConfigureAwait(false);
    }

    /// <summary>Reports a failed copy; false when the failure is not about this item (the run stops).</summary>
    private bool Failed(string remotePath, Exception error)
    {
        if (!_inFlight.TryRemove(remotePath, out var item)) return _observer.Failed(error, remotePath);
        var perItem = Fail(item, error);
        if (perItem) _ = _observer.SettledAsync(item);
        else StopQuietly();
        return perItem;
    }

    private bool Fail(DropboxSyncItem item, Exception error)
    {
        item.Outcome = SyncOutcome.Failed;
        var perItem = _observer.Failed(error, item.DestinationPath);
        item.Error = error.Message; // as the error record words it
        return perItem;
    }

    /// <summary>The hash cache learns the local file's hash, so the next run does not read it.</summary>
    private void Remember(DropboxSyncItem item, DropboxFile result)
    {
        if (result.ContentHash is not { } hash) return;
        var file = new FileInfo(item.LocalPath);
        if (!file.Exists || file.Length != result.Size) return;
        // An upload is known to match the file only if the file is still as the plan saw it.
        if (item.Action == SyncAction.Upload && file.LastWriteTimeUtc != item.LocalLastWriteUtc) return;
        _hashes.Record(item.Key, file.Length, file.LastWriteTimeUtc, hash);
    }

    public void Dispose()
    {
        _downloads?.Dispose();
        _uploads?.Dispose();
        _stop.Dispose();
    }

    /// <summary>What the engines report, turned into the items' outcomes.</summary>
    private sealed class Engine(SyncCopier copier) : IUploadObserver, IDownloadObserver
    {
        private static readonly IProgress<long> NoProgress = new Progress<long>();

        public Task<bool> ShouldUploadAsync(UploadJob job) => Task.FromResult(true); // approved when the plan was read

        public IProgress<long> Sending(UploadJob job) => NoProgress;

        public Task DoneAsync(UploadJob job, DropboxItem? item, bool skipped) => copier.DoneAsync(job.RemotePath, item);

        public bool Failed(UploadJob job, Exception error) => copier.Failed(job.RemotePath, error);

        public Task<bool> ApproveAsync(string target, string action) => Task.FromResult(true);

        /// <summary>The last look before a local file is replaced: one changed since the plan read it is left as it is.</summary>
        public Task<bool> ApproveDownloadAsync(DownloadJob job)
        {
            if (copier._inFlight.TryGetValue(job.Remote, out var item) && !StillAsPlanned(item))
                throw new IOException($"'{item.LocalPath}' changed since the folders were compared; it was left as it is. Run the sync again.");
            return Task.FromResult(true);
        }

        public void Listed(DropboxFile file)
        {
        }

        public IProgress<long> Starting(DownloadJob job) => NoProgress;

        public Task FinishedAsync(DownloadJob job, DropboxFile metadata, bool skipped, IProgress<long>? progress) => copier.DoneAsync(job.Remote, metadata);

        public bool Failed(string remotePath, Exception error, IProgress<long>? progress) => copier.Failed(remotePath, error);

        public void Warn(string text)
        {
        }

        public void Note(string text)
        {
        }
    }
}
