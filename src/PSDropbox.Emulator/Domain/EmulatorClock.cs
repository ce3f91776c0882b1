namespace PSDropbox.Emulator.Domain;

/// <summary>
/// The emulator's notion of "now" for expiring things (temporary and shared links). Tests move it forward with
/// POST /_emulator/clock {"advance_seconds":N} instead of waiting.
/// </summary>
internal sealed class EmulatorClock
{
    private long _offsetSeconds;

    /// <summary>Unix seconds, wall clock plus every advance so far.</summary>
    public long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() + Interlocked.Read(ref _offsetSeconds);

    public void Advance(long seconds) => Interlocked.Add(ref _offsetSeconds, seconds);

    /// <summary>Unix seconds of the wall clock (token lifetimes, server_modified): never moved by <see cref="Advance"/>.</summary>
    public static long WallNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
