namespace PSDropbox.Transfers.Sync;

/// <summary>
/// Sorts more items than should be held in memory: up to <c>runSize</c> items are sorted in memory; beyond that each full
/// run is written to a temporary file and the runs are merged as they are read back. The sort is stable (items that
/// compare equal come out in the order they were added). Temporary files are deleted on <see cref="Dispose"/>.
/// </summary>
internal sealed class ExternalSorter<T> : IDisposable
{
    public const int DefaultRunSize = 50_000;

    private readonly IComparer<T> _comparer;
    private readonly Action<BinaryWriter, T> _write;
    private readonly Func<BinaryReader, T> _read;
    private readonly int _runSize;
    private readonly List<T> _current = new();
    private readonly List<string> _runs = new();
    private bool _sorted;

    public ExternalSorter(IComparer<T> comparer, Action<BinaryWriter, T> write, Func<BinaryReader, T> read, int runSize = DefaultRunSize)
    {
        if (runSize < 1) throw new ArgumentOutOfRangeException(nameof(runSize));
        _comparer = comparer;
        _write = write;
        _read = read;
        _runSize = runSize;
    }

    /// <summary>How many items were added.</summary>
    public long Count { get; private set; }

    /// <summary>How many runs went to disk.</summary>
    public int SpilledRuns => _runs.Count;

    public void Add(T item)
    {
        if (_sorted) throw new InvalidOperationException("Items cannot be added once sorting has started.");
        _current.Add(item);
        Count++;
        if (_current.Count >= _runSize) Spill();
    }

    /// <summary>Every item added, in order; can be enumerated once.</summary>
    public IEnumerable<T> Sorted()
    {
        if (_sorted) throw new InvalidOperationException("The sorted items can be read once.");
        _sorted = true;
        StableSort(_current);
        if (_runs.Count == 0) return _current;
        return Merge();
    }

    private IEnumerable<T> Merge()
    {
        // Heads of the runs on disk, then the run in memory (added last, so it loses ties: the sort stays stable).
        var sources = new List<IEnumerator<T>>();
        foreach (var run in _runs) sources.Add(ReadRun(run).GetEnumerator());
        sources.Add(_current.GetEnumerator());
        try
        {
            var live = new List<IEnumerator<T>>();
            foreach (var source in sources)
            {
                if (source.MoveNext()) live.Add(source);
            }
            while (live.Count > 0)
            {
                var best = 0;
                for (var i = 1; i < live.Count; i++)
                {
                    if (_comparer.Compare(live[i].Current, live[best].Current) < 0) best = i;
                }
                yield return live[best].Current;
                if (!live[best].MoveNext()) live.RemoveAt(best);
            }
        }
        finally
        {
            foreach (var source in sources) source.Dispose();
        }
    }

    private IEnumerable<T> ReadRun(string path)
    {
        using var reader = new BinaryReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024));
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++) yield return _read(reader);
    }

    private void Spill()
    {
        StableSort(_current);
        var path = Path.Combine(Path.GetTempPath(), "psdropbox-sort-" + Guid.NewGuid().ToString("n") + ".run");
        _runs.Add(path);
        using (var writer = new BinaryWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024)))
        {
            writer.Write(_current.Count);
            foreach (var item in _current) _write(writer, item);
        }
        _current.Clear();
    }

    private void StableSort(List<T> items)
    {
        // List.Sort is not stable: sort positions, breaking ties by position.
        var order = new int[items.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        var snapshot = items.ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = _comparer.Compare(snapshot[a], snapshot[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        for (var i = 0; i < order.Length; i++) items[i] = snapshot[order[i]];
    }

    public void Dispose()
    {
        foreach (var run in _runs)
        {
            try
            {
                File.Delete(run);
            }
            catch (IOException)
            {
                // a temp file left behind is harmless
            }
        }
        _runs.Clear();
        _current.Clear();
    }
}
