namespace PSDropbox.Emulator.Domain;

/// <summary>
/// Tunables of the change feed: longpoll timing and backoff, journal retention. Start values come from
/// <see cref="EmulatorOptions"/>; tests change them at run time through POST /_emulator/changes.
/// </summary>
internal sealed class ChangeSettings
{
    /// <summary>Replaces the timeout a longpoll asks for (30–480 s); null = honour the request.</summary>
    public TimeSpan? LongpollTimeout { get; set; }

    /// <summary>Upper bound of the random extra wait Dropbox adds to a longpoll.</summary>
    public TimeSpan LongpollJitter { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Seconds a longpoll answer tells clients to wait before the next longpoll; null = no backoff field.</summary>
    public long? LongpollBackoff { get; set; }

    /// <summary>Journal rows kept; older rows are dropped and cursors pointing before them get reset. Null = all.</summary>
    public long? JournalKeepRows { get; set; }

    /// <summary>Age after which journal rows are dropped (cursors pointing before them get reset). Null = forever.</summary>
    public TimeSpan? JournalKeepAge { get; set; }

    public static ChangeSettings From(EmulatorOptions options) => new()
    {
        LongpollTimeout = options.LongpollTimeout,
        LongpollJitter = options.LongpollJitter,
        LongpollBackoff = options.LongpollBackoff,
        JournalKeepRows = options.JournalKeepRows,
        JournalKeepAge = options.JournalKeepAge,
    };

    /// <summary>The wait for one longpoll: the requested (or overridden) timeout plus random jitter.</summary>
    public TimeSpan LongpollWait(long requestedSeconds)
    {
        var timeout = LongpollTimeout ?? TimeSpan.FromSeconds(requestedSeconds);
        double jitterMs = LongpollJitter.TotalMilliseconds * Random.Shared.NextDouble();
        return timeout + TimeSpan.FromMilliseconds(jitterMs);
    }
}
