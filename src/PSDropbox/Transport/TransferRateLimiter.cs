using System.Diagnostics;

namespace PSDropbox.Transport;

/// <summary>
/// A token bucket shared by every body that passes through it: at most <see cref="BytesPerSecond"/> on average, with a
/// burst of one second's worth after a pause (so the pauses between an upload's requests, while the server stores a
/// chunk, are made up for: over 20 s the rate stays within 5 % of the cap either way). Callers take bytes before they send them (or after they received
/// them) and wait their turn; a caller that asks for more than is there runs into debt that the next callers wait out,
/// so concurrent transfers share the rate.
/// </summary>
internal sealed class TransferRateLimiter
{
    private readonly object _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly double _burst;
    private double _available;
    private double _lastSeconds;

    public TransferRateLimiter(long bytesPerSecond)
    {
        if (bytesPerSecond <= 0) throw new ArgumentOutOfRangeException(nameof(bytesPerSecond), "The transfer rate must be positive.");
        BytesPerSecond = bytesPerSecond;
        _burst = bytesPerSecond;
        _available = _burst;
    }

    public long BytesPerSecond { get; }

    /// <summary>The largest piece worth taking at once: a quarter second's worth, between 1 KiB and 64 KiB.</summary>
    public int Slice => (int)Math.Max(1024, Math.Min(64 * 1024, BytesPerSecond / 4));

    /// <summary>Takes <paramref name="bytes"/> and waits until the rate allows them.</summary>
    public Task TakeAsync(int bytes, CancellationToken cancellationToken)
    {
        double wait;
        lock (_lock)
        {
            var now = _clock.Elapsed.TotalSeconds;
            _available = Math.Min(_burst, _available + (now - _lastSeconds) * BytesPerSecond);
            _lastSeconds = now;
            _available -= bytes;
            wait = _available >= 0 ? 0 : -_available / BytesPerSecond;
        }
        return wait <= 0 ? Task.CompletedTask : Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken);
    }
}
