namespace PSDropbox.Client.Changes;

/// <summary>
/// Reads the changes under a folder and hands each one to <c>deliver</c> with a callback that records it as delivered;
/// the consumer calls it in the same step as it takes the change, so that a stop can never fall between the two: a baseline listing, the changes since a cursor (following has_more), or a longpoll loop. With a
/// <see cref="ChangeStateFile"/> it records every delivered change and every completed batch, so the next reader
/// starts exactly where this one stopped. A cursor reset is reported through <c>warn</c> and answered with a fresh
/// baseline (or an exception with <see cref="StopOnReset"/>).
/// </summary>
internal sealed class ChangeFeed
{
    private readonly FilesClient _files;
    private readonly string _path;
    private readonly bool _recursive;
    private readonly bool _includeDeleted;
    private readonly ChangeStateFile? _state;
    private readonly Func<DropboxChange, Action, Task> _deliver;
    private readonly Action<string> _warn;
    private readonly Action<string> _verbose;

    public ChangeFeed(FilesClient files, string path, bool recursive, bool includeDeleted, ChangeStateFile? state,
        Func<DropboxChange, Action, Task> deliver, Action<string> warn, Action<string> verbose)
    {
        _files = files;
        _path = path;
        _recursive = recursive;
        _includeDeleted = includeDeleted;
        _state = state;
        _deliver = deliver;
        _warn = warn;
        _verbose = verbose;
    }

    /// <summary>Throw the reset error instead of re-listing the folder.</summary>
    public bool StopOnReset { get; set; }

    /// <summary>Where the feed stands: the cursor after the last completed batch.</summary>
    public string? Cursor { get; private set; }

    /// <summary>A cursor at "now" (persisted when there is a state file).</summary>
    public async Task<string> StartAtLatestAsync(CancellationToken cancellationToken)
    {
        Cursor = await _files.GetLatestCursorAsync(_path, _recursive, _includeDeleted, null, cancellationToken).ConfigureAwait(false);
        _state?.Commit(Cursor);
        return Cursor;
    }

    /// <summary>Without a cursor: the baseline (the folder's current state). With one: every change since it.</summary>
    public async Task ReadAsync(string? cursor, CancellationToken cancellationToken)
    {
        if (cursor is null)
        {
            await BaselineAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        try
        {
            var page = await _files.ListFolderContinueAsync(cursor, cancellationToken).ConfigureAwait(false);
            // A baseline that a stopped run left unfinished goes on as a baseline.
            await DrainAsync(page, baseline: _state is { InBaseline: true } && _state.Cursor == cursor, cancellationToken).ConfigureAwait(false);
        }
        catch (DropboxApiException e) when (e.Kind == DropboxErrorKind.CursorReset)
        {
            await RebaselineAsync(e, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Longpolls for changes from <paramref name="cursor"/> (or from the state file, or from now) and delivers them
    /// until the token is cancelled. Honours backoff. A watcher rides out outages of any length: each request is retried
    /// by the transport within the retry budget; after that the watcher warns (once per outage), waits the policy's
    /// backoff (at most its longest wait) and starts again.
    /// </summary>
    public async Task WatchAsync(string? cursor, int pollTimeoutSeconds, CancellationToken cancellationToken)
    {
        Cursor = cursor ?? _state?.Cursor;
        // A state file without a cursor belongs to a baseline that a stopped run left half-delivered: finish it.
        bool finishBaseline = Cursor is null && _state is { Existed: true };
        var policy = _files.RetryPolicy;
        var outage = policy.Start();
        int failures = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (Cursor is null)
                {
                    if (finishBaseline) await BaselineAsync(cancellationToken).ConfigureAwait(false);
                    else await StartAtLatestAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
                var poll = await _files.LongpollAsync(Cursor!, pollTimeoutSeconds, cancellationToken).ConfigureAwait(false);
                if (poll.Changes) await ReadAsync(Cursor, cancellationToken).ConfigureAwait(false);
                if (failures > 0) _verbose($"Reconnected to Dropbox after {failures} failed attempt(s).");
                failures = 0;
                outage.Reset();
                if (poll.Backoff is long backoff && backoff > 0)
                {
                    _verbose($"Dropbox asked to wait {backoff} s before the next longpoll.");
                    await Task.Delay(TimeSpan.FromSeconds(backoff), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (DropboxApiException e) when (e.Kind == DropboxErrorKind.CursorReset)
            {
                await RebaselineAsync(e, cancellationToken).ConfigureAwait(false);
            }
            catch (DropboxException e) when (e.IsTransient && !cancellationToken.IsCancellationRequested)
            {
                failures++;
                var wait = outage.Next((e as DropboxRateLimitException)?.RetryAfter) ?? policy.MaxDelay;
                var message = $"Watching '{DisplayPath}' failed: {e.Message} Retrying in {wait.TotalSeconds:0.#} s (attempt {failures}).";
                if (failures == 1) _warn(message);
                else _verbose(message);
                await outage.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private string DisplayPath => DropboxPath.IsRoot(_path) ? "/" : _path;

    private async Task BaselineAsync(CancellationToken cancellationToken)
    {
        // Recorded before the first entry goes out, so that a run stopped in the middle of the listing is finished by the
        // next one (the delivered list skips what it already handed on) instead of being repeated from the top.
        if (_state is not null && !(_state.Existed && _state.Cursor is null)) _state.Commit(null, inBaseline: true);
        var page = await _files.ListFolderAsync(_path, _recursive, _includeDeleted, null, cancellationToken).ConfigureAwait(false);
        await DrainAsync(page, baseline: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task RebaselineAsync(DropboxApiException reset, CancellationToken cancellationToken)
    {
        if (StopOnReset) throw reset;
        _warn($"Dropbox reset the cursor for '{DisplayPath}' (it is too old or no longer valid). Listing the folder again: " +
              "the next changes are its current state, marked Baseline; deletions made meanwhile are not reported one by one.");
        Cursor = null;
        await BaselineAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Delivers a page and the pages after it; each completed page moves (and persists) the cursor.</summary>
    private async Task DrainAsync(ListFolderPage page, bool baseline, CancellationToken cancellationToken)
    {
        while (true)
        {
            foreach (var entry in page.Entries)
            {
                var change = new DropboxChange(entry, page.Cursor, baseline);
                if (_state is not null && _state.WasDelivered(change.Key)) continue;
                await _deliver(change, () => _state?.MarkDelivered(change.Key)).ConfigureAwait(false);
            }
            _state?.Commit(page.Cursor, inBaseline: baseline && page.HasMore);
            Cursor = page.Cursor;
            if (!page.HasMore) return;
            page = await _files.ListFolderContinueAsync(page.Cursor, cancellationToken).ConfigureAwait(false);
        }
    }
}
