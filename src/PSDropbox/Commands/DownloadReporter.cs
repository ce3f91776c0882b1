using System.Management.Automation;
using PSDropbox.Transfers.Download;

namespace PSDropbox.Commands;

/// <summary>
/// Receive-DropboxFile's side of a <see cref="TreeDownloader"/> run: one overall bar ("12 of 340 files: 1.2 MB of 5.4 MB"),
/// a child bar for each large file in flight, ShouldProcess, warnings, per-file ErrorRecords naming the remote path, and
/// with -PassThru each file's metadata with its LocalPath (and Skipped) as it finishes.
/// </summary>
internal sealed class DownloadReporter : IDownloadObserver
{
    /// <summary>Files from this size on get a bar of their own; smaller ones only move the overall bar.</summary>
    private const long ChildBarSize = 8 * 1024 * 1024;
    private const int OverallId = 1;

    private readonly PipelineBridge _bridge;
    private readonly bool _passThru;
    private readonly TransferProgressBar _overall;
    private int _listed;
    private int _finished;
    private int _nextBarId = OverallId + 1;

    public DownloadReporter(PipelineBridge bridge, bool passThru)
    {
        _bridge = bridge;
        _passThru = passThru;
        _overall = new TransferProgressBar(bridge, OverallId, "Downloading from Dropbox", 0);
    }

    public Task<bool> ApproveAsync(string target, string action) => _bridge.ShouldProcessAsync(target, action);

    public Task<bool> ApproveDownloadAsync(DownloadJob job) =>
        _bridge.ShouldProcessAsync(job.Target, $"Download {job.DisplayPath} ({TransferProgressBar.Size(job.File.Size)})");

    public void Listed(DropboxFile file)
    {
        Interlocked.Increment(ref _listed);
        _overall.Total += file.Size;
    }

    public IProgress<long> Starting(DownloadJob job) => job.File.Size >= ChildBarSize
        ? new TransferProgressBar(_bridge, Interlocked.Increment(ref _nextBarId), $"Downloading {job.File.Name}", job.File.Size, _overall)
        : new OverallShare(_overall);

    public async Task FinishedAsync(DownloadJob job, DropboxFile metadata, bool skipped, IProgress<long>? progress)
    {
        if (progress is TransferProgressBar bar) bar.Complete();
        var finished = Interlocked.Increment(ref _finished);
        if (skipped) _overall.Add(job.File.Size);
        _overall.Prefix = $"{finished} of {_listed} files";
        if (_passThru) await _bridge.WriteObjectAsync(TransferredFile.Output(metadata, job.Target, skipped, TransferredFile.Downloaded)).ConfigureAwait(false);
    }

    public bool Failed(string remotePath, Exception error, IProgress<long>? progress)
    {
        if (progress is TransferProgressBar bar) bar.Complete();
        if (!ErrorRecords.IsPerItem(error)) return false;
        _bridge.WriteError(ErrorRecords.From(error, remotePath));
        return true;
    }

    public void Warn(string text) => _bridge.WriteWarning(text);

    public void Note(string text) => _bridge.WriteVerbose(text);

    public void Complete() => _overall.Complete();

    /// <summary>A small file's bytes, counted in the overall bar only.</summary>
    private sealed class OverallShare : IProgress<long>
    {
        private readonly TransferProgressBar _overall;
        private long _done;

        public OverallShare(TransferProgressBar overall) => _overall = overall;

        public void Report(long value)
        {
            var delta = value - _done;
            _done = value;
            if (delta != 0) _overall.Add(delta);
        }
    }
}
