using System.Collections.Concurrent;
using System.Management.Automation;
using PSDropbox.Transfers.Upload;

namespace PSDropbox.Commands;

/// <summary>
/// Send-DropboxFile's side of a <see cref="TreeUploader"/> run: ShouldProcess per item, one overall bar (files done of
/// files found so far, bytes) with a child bar per large file in flight, per-file ErrorRecords naming the remote path, and
/// with -PassThru each file's metadata (LocalPath and Skipped added) as it completes.
/// </summary>
internal sealed class UploadReporter : IUploadObserver
{
    private readonly PipelineBridge _bridge;
    private readonly bool _passThru;
    private readonly int _chunkSize;
    private readonly TransferProgressBar _overall;
    private readonly ConcurrentDictionary<UploadJob, TransferProgressBar> _bars = new();
    private int _found;
    private int _done;
    private int _nextBarId = 1;

    public UploadReporter(PipelineBridge bridge, bool passThru, int chunkSize)
    {
        _bridge = bridge;
        _passThru = passThru;
        _chunkSize = chunkSize;
        _overall = new TransferProgressBar(bridge, 1, "Uploading to Dropbox", 0);
    }

    public Task<bool> ShouldUploadAsync(UploadJob job)
    {
        if (!job.IsFolder)
        {
            Interlocked.Increment(ref _found);
            _overall.Total += job.Size;
        }
        return job.IsFolder
            ? _bridge.ShouldProcessAsync(job.RemotePath, "Create Dropbox folder")
            : _bridge.ShouldProcessAsync(job.LocalPath, $"Upload to Dropbox as {job.RemotePath}");
    }

    public IProgress<long> Sending(UploadJob job)
    {
        if (job.Size <= _chunkSize) return new ToOverall(_overall);
        var bar = new TransferProgressBar(_bridge, Interlocked.Increment(ref _nextBarId), $"Uploading {Path.GetFileName(job.LocalPath)}", job.Size, _overall);
        _bars[job] = bar;
        return bar;
    }

    public Task DoneAsync(UploadJob job, DropboxItem? item, bool skipped)
    {
        if (job.IsFolder) return Task.CompletedTask;
        Finished(job, skipped ? job.Size : 0);
        if (skipped) _bridge.WriteVerbose($"Skipped '{job.LocalPath}': {job.RemotePath} has the same content.");
        if (!_passThru || item is null) return Task.CompletedTask;
        return _bridge.WriteObjectAsync(TransferredFile.Output(item, job.LocalPath, skipped, TransferredFile.Uploaded));
    }

    public bool Failed(UploadJob job, Exception error)
    {
        if (!ErrorRecords.IsPerItem(error)) return false;
        if (!job.IsFolder) Finished(job, 0);
        _bridge.WriteError(ErrorRecords.From(error, job.RemotePath));
        return true;
    }

    /// <summary>Shows the final counts (a record is always written once all bytes are done), then closes the overall bar.</summary>
    public void Complete()
    {
        _overall.Add(0);
        _overall.Complete();
    }

    /// <summary>Counts the file as done; <paramref name="unsent"/> bytes that will never be sent still move the bar to its end.</summary>
    private void Finished(UploadJob job, long unsent)
    {
        var done = Interlocked.Increment(ref _done);
        if (_bars.TryRemove(job, out var bar)) bar.Complete();
        _overall.Prefix = $"File {done} of {Volatile.Read(ref _found)}";
        if (unsent > 0) _overall.Add(unsent);
    }

    private sealed class ToOverall : IProgress<long>
    {
        private readonly TransferProgressBar _overall;
        private long _reported;

        public ToOverall(TransferProgressBar overall) => _overall = overall;

        public void Report(long value)
        {
            var delta = value - Interlocked.Exchange(ref _reported, value);
            if (delta != 0) _overall.Add(delta);
        }
    }
}
