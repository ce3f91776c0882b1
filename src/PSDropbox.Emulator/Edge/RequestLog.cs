namespace PSDropbox.Emulator.Edge;

/// <summary>
/// One served API request; Fault names the fault injected into it (e.g. "429+retry-after", "cut-response@512"),
/// Range is the request's Range header (e.g. "bytes=65536-").
/// </summary>
internal sealed record RequestLogEntry(long Seq, string Method, string Route, int Status, long DurationMs, string? Fault = null, string? Range = null);

/// <summary>In-memory bounded ring of served API requests (for GET /_emulator/requests).</summary>
internal sealed class RequestLog(int capacity = 100_000)
{
    private readonly Queue<RequestLogEntry> _entries = new();
    private readonly Lock _lock = new();
    private long _seq;

    public void Add(string method, string route, int status, long durationMs, string? fault = null, string? range = null)
    {
        lock (_lock)
        {
            _entries.Enqueue(new RequestLogEntry(++_seq, method, route, status, durationMs, fault, range));
            while (_entries.Count > capacity)
            {
                _entries.Dequeue();
            }
        }
    }

    /// <summary>The entries kept, of <paramref name="route"/> when given, and only those logged after the entry numbered <paramref name="after"/>.</summary>
    public List<RequestLogEntry> Snapshot(string? route = null, long after = 0)
    {
        lock (_lock)
        {
            return [.. _entries.Where(e => e.Seq > after && (route is null || e.Route == route))];
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
        }
    }
}
