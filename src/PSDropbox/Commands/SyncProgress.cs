using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using PSDropbox.Transfers.Sync;

namespace PSDropbox.Commands;

/// <summary>The planning bar of Compare-/Sync-DropboxFolder: how many paths are compared so far and the current one (a few records a second).</summary>
internal sealed class SyncProgress : IDisposable
{
    private const int ActivityId = 41;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly PipelineBridge _bridge;
    private readonly string _activity;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastWrite;
    private long _count;

    public SyncProgress(PipelineBridge bridge, string activity, SyncOptions options)
    {
        _bridge = bridge;
        _activity = $"{activity}: {options.LocalRoot} {(options.Upload ? "->" : "<-")} {options.RemotePathOf("")}";
    }

    public void Seen(DropboxSyncItem item)
    {
        _count++;
        if (_lastWrite is { } last && _clock.Elapsed - last < Interval) return;
        _lastWrite = _clock.Elapsed;
        _bridge.WriteProgress(new ProgressRecord(ActivityId, _activity,
            string.Format(CultureInfo.CurrentCulture, "{0:N0} paths compared", _count)) { CurrentOperation = item.RelativePath });
    }

    public void Dispose() =>
        _bridge.WriteProgress(new ProgressRecord(ActivityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
}
