namespace PSDropbox.Emulator;

/// <summary>
/// The emulator's clock for upload-session expiry: real time plus an offset that tests move forward
/// (EmulatorOptions.Clock, or POST /_emulator/clock {"advance_seconds":N}).
/// </summary>
public sealed class EmulatorClock(TimeProvider? inner = null) : TimeProvider
{
    private readonly TimeProvider _inner = inner ?? System;
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public long UnixSeconds => GetUtcNow().ToUnixTimeSeconds();
}
