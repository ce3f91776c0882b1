using System.Runtime.ExceptionServices;
using PSDropbox.Client;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Transfers.Upload;

/// <summary>
/// Uploads a stream of files (a walked tree, pipeline input) with up to ThrottleLimit files in flight. A file of at most one
/// chunk is read whole, sent with one upload_session/append_v2 that closes a session from upload_session/start_batch, and
/// committed by the <see cref="BatchCommitter"/> with up to 999 others; a larger file goes through its own upload session
/// (<see cref="FileUploader"/>, which can resume). The jobs are taken from the stream only as slots free up, so memory is
/// about ThrottleLimit x ChunkSize whatever the number of files. Outcomes are reported as they happen (completion order).
/// </summary>
internal sealed class TreeUploader
{
    private readonly FilesClient _files;
    private readonly TreeUploadOptions _options;

    public TreeUploader(FilesClient files, TreeUploadOptions options)
    {
        if (options.ThrottleLimit < 1) throw new ArgumentOutOfRangeException(nameof(options), "ThrottleLimit must be at least 1.");
        _files = files;
        _options = options;
    }

    /// <summary>Uploads every job; per-job failures go to the observer, the first failure it does not take as per-job is thrown at the end.</summary>
    public async Task RunAsync(IEnumerable<UploadJob> jobs, IUploadObserver observer, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var walk = jobs.GetEnumerator();
        var ahead = new List<UploadJob>(2);
        while (ahead.Count < 2 && walk.MoveNext()) ahead.Add(walk.Current);
        // A single file gains nothing from a batch: it goes in one files/upload (or its own session).
        var run = new Run(this, observer, stop, alone: ahead.Count == 1);
        var running = new List<Task>();
        try
        {
            foreach (var job in Concat(ahead, walk))
            {
                stop.Token.ThrowIfCancellationRequested();
                if (!await observer.ShouldUploadAsync(job).ConfigureAwait(false)) continue;
                // A large file holds two chunk buffers (one on the wire, the next being read): it takes two slots.
                var weight = job.IsFolder || job.Size <= _options.ChunkSize ? 1 : Math.Min(2, _options.ThrottleLimit);
                var lease = await run.Slots.TakeAsync(weight, stop.Token).ConfigureAwait(false);
                running.Add(run.JobAsync(job, lease));
                if (running.Count >= 4 * _options.ThrottleLimit) running.RemoveAll(t => t.IsCompleted);
            }
        }
        catch (OperationCanceledException) when (run.Fatal is not null)
        {
        }
        await Task.WhenAll(running).ConfigureAwait(false);
        try
        {
            await run.Committer.CompleteAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (run.Fatal is not null)
        {
        }
        if (run.Fatal is { } fatal) ExceptionDispatchInfo.Capture(fatal).Throw();
    }

    private static IEnumerable<UploadJob> Concat(List<UploadJob> ahead, IEnumerator<UploadJob> rest)
    {
        foreach (var job in ahead) yield return job;
        while (rest.MoveNext()) yield return rest.Current;
    }

    /// <summary>The state of one <see cref="RunAsync"/>.</summary>
    private sealed class Run
    {
        private readonly TreeUploader _owner;
        private readonly IUploadObserver _observer;
        private readonly CancellationTokenSource _stop;
        private readonly SessionIdPool _sessions;
        private readonly RemoteIndex? _remote;
        private readonly bool _alone;

        public Run(TreeUploader owner, IUploadObserver observer, CancellationTokenSource stop, bool alone)
        {
            _alone = alone;
            _owner = owner;
            _observer = observer;
            _stop = stop;
            var throttle = owner._options.ThrottleLimit;
            Slots = new Slots(throttle);
            _sessions = new SessionIdPool(owner._files, throttle);
            _remote = owner._options.SkipIdentical ? new RemoteIndex(owner._files, owner._options.Crypt) : null;
            Committer = new BatchCommitter(owner._files, CommittedAsync, throttle, stop.Token);
        }

        public Slots Slots { get; }
        public BatchCommitter Committer { get; }
        public Exception? Fatal { get; private set; }

        private FilesClient Files => _owner._files;
        private TreeUploadOptions Options => _owner._options;
        private CancellationToken Token => _stop.Token;

        public async Task JobAsync(UploadJob job, Slots.Lease lease)
        {
            try
            {
                if (job.IsFolder) await FolderAsync(job).ConfigureAwait(false);
                else if (CryptPaths.Find(Options.Crypt, job.RemotePath) is not null) await EncryptedAsync(job).ConfigureAwait(false);
                else if (job.Size <= Options.ChunkSize && !_alone) await SmallFileAsync(job, lease).ConfigureAwait(false);
                else await OwnUploadAsync(job).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (Token.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Fail(job, e);
            }
            finally
            {
                lease.Dispose();
            }
        }

        private async Task FolderAsync(UploadJob job)
        {
            DropboxFolder? created = null;
            try
            {
                created = await Files.CreateFolderAsync(CryptPaths.ForNew(Options.Crypt, job.RemotePath, isDirectory: true), autorename: false, Token)
                    .ConfigureAwait(false);
            }
            catch (DropboxApiException e) when (e.ConflictsWithFolder)
            {
                // already there
            }
            await _observer.DoneAsync(job, created, skipped: false).ConfigureAwait(false);
        }

        private async Task SmallFileAsync(UploadJob job, Slots.Lease lease)
        {
            byte[] buffer;
            DateTime lastWrite;
            using (var stream = new FileStream(job.LocalPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
            {
                if (stream.Length > Options.ChunkSize)
                {
                    await OwnUploadAsync(job).ConfigureAwait(false); // it grew since the walk saw it
                    return;
                }
                lastWrite = File.GetLastWriteTimeUtc(job.LocalPath);
                buffer = new byte[stream.Length];
                await FileUploader.ReadAtAsync(stream, 0, buffer, buffer.Length, Token).ConfigureAwait(false);
            }
            var hash = ContentHasher.Compute(buffer, 0, buffer.Length);
            if (_remote is not null && await _remote.FindAsync(job, Token).ConfigureAwait(false) is { } existing &&
                string.Equals(existing.ContentHash, hash, StringComparison.Ordinal))
            {
                lease.Dispose();
                await _observer.DoneAsync(job, existing, skipped: true).ConfigureAwait(false);
                return;
            }
            var progress = _observer.Sending(job);
            var sessionId = await _sessions.TakeAsync(Token).ConfigureAwait(false);
            await AppendClosingAsync(sessionId, buffer, hash).ConfigureAwait(false);
            progress.Report(buffer.Length);
            var commit = Options.Commit(job.RemotePath);
            commit.ClientModified = FileUploader.ClientModified(lastWrite);
            var entry = new PendingCommit(job, sessionId, buffer.Length, commit, hash, Committer.NewSchedule());
            lease.Dispose(); // the bytes are on the server: the slot (and its memory) goes to the next file while this one waits for its batch
            await Committer.AddAsync(entry).ConfigureAwait(false);
        }

        /// <summary>The whole file in one append that closes the session; a repeat of one that landed (its answer lost) is fine.</summary>
        private async Task AppendClosingAsync(string sessionId, byte[] buffer, string hash)
        {
            try
            {
                await Files.UploadSessionAppendAsync(sessionId, 0, buffer, buffer.Length, hash, close: true, Token).ConfigureAwait(false);
            }
            catch (DropboxApiException e) when (FilesClient.CorrectOffset(e) == buffer.Length || (e.Tags.Count == 1 && e.Tags[0] == "closed"))
            {
            }
        }

        /// <summary>A file uploaded on its own: files/upload up to one chunk, else an upload session that -Resume can continue.</summary>
        private async Task OwnUploadAsync(UploadJob job)
        {
            if (_remote is not null && await _remote.FindAsync(job, Token).ConfigureAwait(false) is { } existing &&
                string.Equals(existing.ContentHash, await ContentHasher.HashFileAsync(job.LocalPath, Token).ConfigureAwait(false), StringComparison.Ordinal))
            {
                await _observer.DoneAsync(job, existing, skipped: true).ConfigureAwait(false);
                return;
            }
            var file = await new FileUploader(Files, Options.ChunkSize)
                .UploadAsync(job.LocalPath, Options.Commit(job.RemotePath), Options.Resume, _observer.Sending(job), Token).ConfigureAwait(false);
            await _observer.DoneAsync(job, file, skipped: false).ConfigureAwait(false);
        }

        /// <summary>
        /// A file into an encrypted folder: on its own, encrypted as it is read. -SkipIdentical compares the local file sealed
        /// under the remote file's nonce with the remote (ciphertext) content hash.
        /// </summary>
        private async Task EncryptedAsync(UploadJob job)
        {
            if (_remote is not null && await _remote.FindAsync(job, Token).ConfigureAwait(false) is { } existing &&
                await CryptTransfers.SameContentAsync(Files, Options.Crypt, existing, job.LocalPath, Token).ConfigureAwait(false) == true)
            {
                await _observer.DoneAsync(job, existing, skipped: true).ConfigureAwait(false);
                return;
            }
            var file = await CryptTransfers.UploadAsync(Files, Options.Crypt, job.LocalPath, Options.Commit(job.RemotePath), Options.Resume, Options.ChunkSize,
                _observer.Sending(job), _ => { }, Token).ConfigureAwait(false);
            await _observer.DoneAsync(job, file, skipped: false).ConfigureAwait(false);
        }

        private Task CommittedAsync(PendingCommit entry, DropboxFile? file, Exception? error)
        {
            if (file is not null) return _observer.DoneAsync(entry.Job, file, skipped: false);
            Fail(entry.Job, error!);
            return Task.CompletedTask;
        }

        private void Fail(UploadJob job, Exception error)
        {
            if (_observer.Failed(job, error)) return;
            lock (this) Fatal ??= error;
            _stop.Cancel();
        }
    }
}
