using System.Runtime.ExceptionServices;
using PSDropbox.Client;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Transfers.Download;

/// <summary>
/// Runs downloads of single files, at most <see cref="DownloadOptions.ThrottleLimit"/> at a time: <see cref="AddAsync"/> waits
/// for a free slot, so whoever feeds it (a listing) never runs ahead by more than that. A file that fails is reported and
/// the others go on; a failure that is not about one file (or a stop) cancels the rest and is thrown by
/// <see cref="WhenAllAsync"/>.
/// </summary>
internal sealed class ParallelDownloads : IDisposable
{
    private readonly FilesClient _files;
    private readonly DownloadOptions _options;
    private readonly IDownloadObserver _observer;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stop;
    private readonly List<Task> _running = new();
    private readonly HashSet<string> _kept = new(StringComparer.Ordinal);
    private ExceptionDispatchInfo? _fatal;

    public ParallelDownloads(FilesClient files, DownloadOptions options, IDownloadObserver observer, CancellationToken cancellationToken)
    {
        _files = files;
        _options = options;
        _observer = observer;
        _slots = new SemaphoreSlim(options.ThrottleLimit, options.ThrottleLimit);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Cancelled when the run stops (Ctrl+C or a failure that is not about one file).</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Starts <paramref name="job"/> once a slot is free.</summary>
    public async Task AddAsync(DownloadJob job)
    {
        try
        {
            await _slots.WaitAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _fatal?.Throw();
            throw;
        }
        var task = Task.Run(() => RunAsync(job));
        lock (_running)
        {
            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(task);
        }
    }

    /// <summary>Waits for every started file; throws the failure that stopped the run, if any.</summary>
    public async Task WhenAllAsync()
    {
        Task[] running;
        lock (_running) running = _running.ToArray();
        await Task.WhenAll(running).ConfigureAwait(false);
        _fatal?.Throw();
        _stop.Token.ThrowIfCancellationRequested();
    }

    /// <summary>True when the partial file beside <paramref name="target"/> belongs to a file of this run that did not finish.</summary>
    public bool Keeps(string target)
    {
        lock (_kept) return _kept.Contains(target);
    }

    private async Task RunAsync(DownloadJob job)
    {
        IProgress<long>? progress = null;
        try
        {
            var target = job.Target;
            var file = job.File;
            if (Directory.Exists(target)) throw new IOException($"'{target}' is a folder; give a file path or a folder to download into.");
            if (File.Exists(target))
            {
                if ((_options.SkipIdentical || _options.Resume) && await IsIdenticalAsync(file, target).ConfigureAwait(false))
                {
                    await _observer.FinishedAsync(job, file, skipped: true, progress: null).ConfigureAwait(false);
                    return;
                }
                if (!_options.Force) throw new LocalFileExistsException(target);
            }
            if (!await _observer.ApproveDownloadAsync(job).ConfigureAwait(false))
            {
                Keep(target);
                return;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            progress = _observer.Starting(job);
            var metadata = !file.IsDownloadable
                ? await new FileExporter(_files).ExportAsync(job.Remote, job.ExportFormat, target, progress, _stop.Token).ConfigureAwait(false)
                : await CryptTransfers.DownloadAsync(_files, _options.Crypt, file, target, _options.Resume, progress, _stop.Token).ConfigureAwait(false)
                  ?? await new FileDownloader(_files).DownloadAsync(job.Remote, target, _options.Resume, progress, _stop.Token).ConfigureAwait(false);
            await _observer.FinishedAsync(job, metadata, skipped: false, progress).ConfigureAwait(false);
        }
        catch (Exception e) when (!_stop.IsCancellationRequested)
        {
            Keep(job.Target);
            if (!_observer.Failed(job.DisplayPath, e, progress)) Stop(e);
        }
        catch (Exception)
        {
            // The run is stopping; WhenAllAsync throws its reason.
            Keep(job.Target);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>The local file already holds the remote file's content (in an encrypted folder, its plaintext).</summary>
    private async Task<bool> IsIdenticalAsync(DropboxFile file, string target) =>
        await CryptTransfers.SameContentAsync(_files, _options.Crypt, file, target, _stop.Token).ConfigureAwait(false)
        ?? (file.ContentHash is { } remoteHash &&
            string.Equals(remoteHash, await ContentHasher.HashFileAsync(target, _stop.Token).ConfigureAwait(false), StringComparison.Ordinal));

    private void Keep(string target)
    {
        lock (_kept) _kept.Add(target);
    }

    /// <summary>Stops the run: files in flight are cancelled and <see cref="WhenAllAsync"/> throws <paramref name="e"/> (the first one given).</summary>
    public void Stop(Exception e)
    {
        Interlocked.CompareExchange(ref _fatal, ExceptionDispatchInfo.Capture(e), null);
        _stop.Cancel();
    }

    public void Dispose()
    {
        _stop.Dispose();
        _slots.Dispose();
    }
}
