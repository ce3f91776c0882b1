using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;

namespace PSDropbox.Commands;

/// <summary>
/// One Write-Progress bar for bytes moving: "3.0 MB of 12.0 MB at 4.1 MB/s" with percent and time left ("3.0 MB at 4.1 MB/s"
/// when the total is unknown). A file's bar may feed an overall bar (its parent). Thread-safe; records are throttled to a few per second and posted through the bridge.
/// </summary>
internal sealed class TransferProgressBar : IProgress<long>
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly PipelineBridge _bridge;
    private readonly int _id;
    private readonly string _activity;
    private readonly TransferProgressBar? _parent;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private long _done;
    private long _startedAt = -1;
    private TimeSpan? _lastWrite;

    public TransferProgressBar(PipelineBridge bridge, int id, string activity, long total, TransferProgressBar? parent = null)
    {
        _bridge = bridge;
        _id = id;
        _activity = activity;
        Total = total;
        _parent = parent;
    }

    /// <summary>A <see cref="Total"/> for transfers whose size is not known up front (zips): no percent, no time left.</summary>
    public const long UnknownTotal = -1;

    public long Total { get; set; }

    /// <summary>Text shown before the byte counts, e.g. "File 2 of 5".</summary>
    public string? Prefix { get; set; }

    /// <summary>Sets the absolute number of bytes done.</summary>
    public void Report(long value)
    {
        long delta;
        lock (_gate)
        {
            if (_startedAt < 0) _startedAt = value;
            delta = value - _done;
            _done = value;
            WriteIfDue();
        }
        if (delta != 0) _parent?.Add(delta);
    }

    /// <summary>Adds bytes done (used by child bars).</summary>
    public void Add(long delta)
    {
        lock (_gate)
        {
            if (_startedAt < 0) _startedAt = _done;
            _done += delta;
            WriteIfDue();
        }
    }

    public void Complete()
    {
        var record = new ProgressRecord(_id, _activity, "Completed") { RecordType = ProgressRecordType.Completed, PercentComplete = 100 };
        if (_parent is not null) record.ParentActivityId = _parent._id;
        _bridge.WriteProgress(record);
    }

    private void WriteIfDue()
    {
        var now = _clock.Elapsed;
        var known = Total != UnknownTotal;
        if (_lastWrite is { } last && now - last < Interval && (!known || _done < Total)) return;
        _lastWrite = now;
        var seconds = Math.Max(now.TotalSeconds, 0.001);
        var rate = (_done - Math.Max(_startedAt, 0)) / seconds;
        var status = known ? $"{Size(_done)} of {Size(Total)} at {Size((long)rate)}/s" : $"{Size(_done)} at {Size((long)rate)}/s";
        var record = new ProgressRecord(_id, _activity, Prefix is null ? status : $"{Prefix}: {status}")
        {
            PercentComplete = !known ? -1 : Total <= 0 ? 100 : (int)Math.Min(100, _done * 100 / Total),
            SecondsRemaining = known && rate > 0 ? (int)Math.Min(int.MaxValue, (Total - _done) / rate) : -1,
        };
        if (_parent is not null) record.ParentActivityId = _parent._id;
        _bridge.WriteProgress(record);
    }

    internal static string Size(long bytes)
    {
        string[] units = { "B", "KB", "MB", "GB", "TB" };
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
