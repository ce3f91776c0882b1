namespace PSDropbox.Transfers.Upload;

/// <summary>ThrottleLimit slots; a job takes one or more and gives them back once (disposing twice is harmless).</summary>
internal sealed class Slots
{
    private readonly SemaphoreSlim _free;

    public Slots(int count) => _free = new SemaphoreSlim(count, count);

    /// <summary>Only one caller takes slots (the loop that reads the jobs), so taking several one by one cannot deadlock.</summary>
    public async Task<Lease> TakeAsync(int count, CancellationToken cancellationToken)
    {
        var taken = 0;
        try
        {
            for (; taken < count; taken++) await _free.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (taken > 0) _free.Release(taken);
            throw;
        }
        return new Lease(_free, count);
    }

    public sealed class Lease : IDisposable
    {
        private SemaphoreSlim? _free;
        private readonly int _count;

        public Lease(SemaphoreSlim free, int count)
        {
            _free = free;
            _count = count;
        }

        public void Dispose() => Interlocked.Exchange(ref _free, null)?.Release(_count);
    }
}
