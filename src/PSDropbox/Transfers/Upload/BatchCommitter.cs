using System.Diagnostics;
using System.Runtime.CompilerServices;
using PSDropbox.Client;
using PSDropbox.Client.Wire;
using PSDropbox.Transport;

namespace PSDropbox.Transfers.Upload;

/// <summary>A closed upload session waiting for its commit, and what it must become.</summary>
internal sealed class PendingCommit
{
    public PendingCommit(UploadJob job, string sessionId, long size, CommitInfo commit, string contentHash, RetrySchedule retries)
    {
        Job = job;
        SessionId = sessionId;
        Size = size;
        Commit = commit;
        ContentHash = contentHash;
        Retries = retries;
    }

    public UploadJob Job { get; }
    public string SessionId { get; }
    public long Size { get; }
    public CommitInfo Commit { get; }
    public string ContentHash { get; }
    public RetrySchedule Retries { get; }

    /// <summary>Not to be sent again before this time (a backoff after contention).</summary>
    public TimeSpan NotBefore { get; set; }

    public UploadSessionFinishArg ToArg() => new() { Cursor = new UploadSessionCursor { SessionId = SessionId, Offset = Size }, Commit = Commit };
}

/// <summary>
/// Commits closed upload sessions with upload_session/finish_batch_v2, one batch at a time (Dropbox asks for that: every
/// commit takes the namespace's lock), also across commands and runspaces that share a connection. A batch goes when it has 1,000 entries, when its oldest entry has waited
/// <see cref="FlushAfter"/> (a slow walk does not hold finished uploads back), or when no more entries come. An entry that
/// meets write contention or a passing failure is tried again in a later batch; when the answer of a batch is lost, each
/// entry is first looked up by its content hash, so that nothing is committed twice (no "(1)" copy, no second revision).
/// Memory: at most 2 x 1,000 entries wait (adding waits for room).
/// </summary>
internal sealed class BatchCommitter
{
    public static readonly TimeSpan FlushAfter = TimeSpan.FromMilliseconds(500);

    /// <summary>One turn per connection: the batches of every committer on it go one after another.</summary>
    private static readonly ConditionalWeakTable<object, SemaphoreSlim> Turns = new();

    private readonly FilesClient _files;
    private readonly Func<PendingCommit, DropboxFile?, Exception?, Task> _done;
    private readonly int _checkParallelism;
    private readonly int _maxBatch;
    private readonly CancellationToken _cancellationToken;
    private readonly List<PendingCommit> _pending = new();
    private readonly SemaphoreSlim _room;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loop;
    private TimeSpan _oldest;
    private bool _completing;
    private RetrySchedule? _batchFailures;

    /// <param name="done">Called once per entry with the committed file or the error; never concurrently.</param>
    /// <param name="checkParallelism">How many lookups run at once after a lost answer.</param>
    public BatchCommitter(FilesClient files, Func<PendingCommit, DropboxFile?, Exception?, Task> done, int checkParallelism,
        CancellationToken cancellationToken, int maxBatch = FilesClient.MaxUploadBatch)
    {
        _files = files;
        _done = done;
        _checkParallelism = Math.Max(1, checkParallelism);
        _maxBatch = maxBatch;
        _cancellationToken = cancellationToken;
        _room = new SemaphoreSlim(2 * maxBatch);
        _loop = Task.Run(LoopAsync, cancellationToken);
    }

    public RetrySchedule NewSchedule() => _files.RetryPolicy.Start();

    public async Task AddAsync(PendingCommit entry)
    {
        while (!await _room.WaitAsync(TimeSpan.FromMilliseconds(200), _cancellationToken).ConfigureAwait(false))
        {
            if (_loop.IsCompleted) await _loop.ConfigureAwait(false); // a fatal failure stopped the commits: surface it
        }
        Enqueue(entry);
    }

    /// <summary>No more entries: commits what is left and returns when every entry has its outcome.</summary>
    public Task CompleteAsync()
    {
        lock (_pending) _completing = true;
        _wake.Release();
        return _loop;
    }

    private void Enqueue(PendingCommit entry)
    {
        lock (_pending)
        {
            if (_pending.Count == 0) _oldest = _clock.Elapsed;
            _pending.Add(entry);
        }
        _wake.Release();
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            var (batch, wait, finished) = NextBatch();
            if (finished) return;
            if (batch.Count == 0)
            {
                await _wake.WaitAsync(wait, _cancellationToken).ConfigureAwait(false);
                continue;
            }
            await CommitAsync(batch).ConfigureAwait(false);
        }
    }

    /// <summary>The entries to commit now, or how long to wait for more.</summary>
    private (List<PendingCommit> Batch, TimeSpan Wait, bool Finished) NextBatch()
    {
        lock (_pending)
        {
            if (_pending.Count == 0) return (new List<PendingCommit>(), Timeout.InfiniteTimeSpan, _completing);
            var now = _clock.Elapsed;
            var ready = _pending.Where(e => e.NotBefore <= now).Take(_maxBatch).ToList();
            var due = ready.Count >= _maxBatch || _completing || now - _oldest >= FlushAfter;
            if (ready.Count == 0 || !due)
            {
                var until = ready.Count > 0 ? _oldest + FlushAfter : _pending.Min(e => e.NotBefore);
                return (new List<PendingCommit>(), Max(until - now, TimeSpan.FromMilliseconds(1)), false);
            }
            foreach (var entry in ready) _pending.Remove(entry);
            _oldest = now; // entries left behind wait at most one more flush interval
            return (ready, TimeSpan.Zero, false);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private async Task CommitAsync(List<PendingCommit> batch)
    {
        IReadOnlyList<BatchOutcome> outcomes;
        try
        {
            outcomes = await FinishBatchInTurnAsync(batch).ConfigureAwait(false);
        }
        catch (DropboxException e) when (e.IsTransient && !_cancellationToken.IsCancellationRequested)
        {
            // The answer is lost (or the whole call was refused): what landed is found by its content hash, the rest goes again.
            // Failures of the whole call draw on one budget of the committer, not on each entry's own.
            _batchFailures ??= _files.RetryPolicy.Start();
            var wait = _batchFailures.Next((e as DropboxRateLimitException)?.RetryAfter);
            await LookUpAsync(batch, e, wait).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (e is DropboxApiException || e is DropboxBadRequestException)
        {
            foreach (var entry in batch) await FinishAsync(entry, null, e).ConfigureAwait(false);
            return;
        }
        _batchFailures = null;
        for (var i = 0; i < batch.Count; i++)
        {
            var entry = batch[i];
            var outcome = outcomes[i];
            if (outcome.Item is DropboxFile file) await FinishAsync(entry, file, null).ConfigureAwait(false);
            else if (outcome.Error is { IsTransient: true } transient) await RetryAsync(entry, transient).ConfigureAwait(false);
            else await FinishAsync(entry, null, outcome.Error).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<BatchOutcome>> FinishBatchInTurnAsync(List<PendingCommit> batch)
    {
        var turn = Turns.GetValue(_files.Connection, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(_cancellationToken).ConfigureAwait(false);
        try
        {
            return await _files.UploadSessionFinishBatchAsync(batch.Select(e => e.ToArg()).ToList(), _cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            turn.Release();
        }
    }

    /// <param name="wait">How long the entries that did not land wait before the next batch; null: the budget is spent, they fail.</param>
    private async Task LookUpAsync(List<PendingCommit> batch, DropboxException cause, TimeSpan? wait)
    {
        using var gate = new SemaphoreSlim(_checkParallelism);
        var lookups = batch.Select(async entry =>
        {
            await gate.WaitAsync(_cancellationToken).ConfigureAwait(false);
            try
            {
                return await _files.LandedCommitAsync(entry.Commit, entry.ContentHash, _cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        await Task.WhenAll(lookups).ConfigureAwait(false);
        for (var i = 0; i < batch.Count; i++)
        {
            if (lookups[i].Result is { } landed) await FinishAsync(batch[i], landed, null).ConfigureAwait(false);
            else if (wait is { } later) Requeue(batch[i], later);
            else await FinishAsync(batch[i], null, cause).ConfigureAwait(false);
        }
    }

    private async Task RetryAsync(PendingCommit entry, DropboxException cause)
    {
        if (entry.Retries.Next((cause as DropboxRateLimitException)?.RetryAfter) is not TimeSpan wait)
        {
            await FinishAsync(entry, null, cause).ConfigureAwait(false);
            return;
        }
        Requeue(entry, wait);
    }

    private void Requeue(PendingCommit entry, TimeSpan wait)
    {
        entry.NotBefore = _clock.Elapsed + wait;
        lock (_pending)
        {
            if (_pending.Count == 0) _oldest = _clock.Elapsed;
            _pending.Add(entry);
        }
    }

    private async Task FinishAsync(PendingCommit entry, DropboxFile? file, Exception? error)
    {
        _room.Release();
        if (file is not null && !string.Equals(file.ContentHash, entry.ContentHash, StringComparison.Ordinal))
        {
            error = new ContentHashMismatchException(entry.Commit.Path, entry.ContentHash, file.ContentHash ?? "(none)");
            file = null;
        }
        await _done(entry, file, error).ConfigureAwait(false);
    }
}
