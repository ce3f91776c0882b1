namespace PSDropbox.Emulator;

/// <summary>Options for <see cref="DropboxEmulator.StartAsync"/>.</summary>
public sealed class EmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free port (read the real one from <see cref="DropboxEmulator.BaseUrl"/>).</summary>
    public int Port { get; set; }

    /// <summary>Directory holding emulator.db and blobs/; state survives restarts with the same directory.</summary>
    public required string DataDirectory { get; set; }

    /// <summary>Long-lived (never expiring) access token accepted for the default account.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Local folder tree merged into the default account's root at start (existing paths are left alone).</summary>
    public string? SeedDirectory { get; set; }

    /// <summary>Replaces the timeout files/list_folder/longpoll clients ask for (30–480 s); tests shorten it. Null = honour the request.</summary>
    public TimeSpan? LongpollTimeout { get; set; }

    /// <summary>Upper bound of the random extra wait added to every longpoll (Dropbox: up to 90 s).</summary>
    public TimeSpan LongpollJitter { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>When set, longpoll answers carry "backoff": this many seconds.</summary>
    public long? LongpollBackoff { get; set; }

    /// <summary>Change-journal rows kept (older ones are dropped; cursors pointing before them get "reset"). Null = keep all.</summary>
    public long? JournalKeepRows { get; set; }

    /// <summary>Change-journal rows older than this are dropped (cursors pointing before them get "reset"). Null = keep forever.</summary>
    public TimeSpan? JournalKeepAge { get; set; }
    /// <summary>OAuth apps (app key, optional secret, registered redirect URIs) that may sign users in via /oauth2/authorize.</summary>
    public IList<EmulatorApp> Apps { get; } = new List<EmulatorApp>();

    /// <summary>Lifetime of access tokens issued by /oauth2/token, in seconds (Dropbox: 14400, four hours).</summary>
    public int TokenLifetimeSeconds { get; set; } = 14400;

    /// <summary>Extra accounts (beyond the default one), each with its own namespace and long-lived token.</summary>
    public IList<EmulatorAccount> Accounts { get; set; } = new List<EmulatorAccount>();

    /// <summary>How long files/get_temporary_link links work (Dropbox: 4 hours); then they answer 410 Gone.</summary>
    public TimeSpan TemporaryLinkLifetime { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Dropbox's files/download_zip limits: 20 GB of content, fewer than 10,000 entries (the folder itself included).</summary>
    public const long DropboxZipMaxBytes = 20L * 1024 * 1024 * 1024, DropboxZipMaxEntries = 9_999;

    /// <summary>files/download_zip answers too_large for a folder holding more bytes than this (tests force it small).</summary>
    public long DownloadZipMaxBytes { get; set; } = DropboxZipMaxBytes;

    /// <summary>files/download_zip answers too_many_files when the zip would hold more entries than this, the folder itself included.</summary>
    public long DownloadZipMaxEntries { get; set; } = DropboxZipMaxEntries;

    /// <summary>Faults to inject into API routes, e.g. "429=0.1,429text=0.05,retryafter=0.5,503=0.05,cut=0.05,slow=0.02,expire=60" (see Faults/FaultSpec.cs).</summary>
    public string? Faults { get; set; }

    /// <summary>Seed that makes fault injection reproducible (random when null).</summary>
    public int? FaultSeed { get; set; }

    /// <summary>Every request (but /_emulator ones) waits this long before it is handled, like a round trip to Dropbox.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Up to this much more latency, at random, per request.</summary>
    public TimeSpan LatencyJitter { get; set; }

    /// <summary>
    /// Also listen on 127.0.0.1:this port (0 = a free port) as an HTTP CONNECT proxy that presents Dropbox's hostnames over TLS
    /// (see TlsProxy/), for clients that only speak https to Dropbox. Null = no proxy.
    /// </summary>
    public int? TlsProxyPort { get; set; }

    /// <summary>
    /// Team mode: the default account (the team admin) and every extra account become members of this team, whose team
    /// space is a root namespace holding each member's home folder and the team folders. Null = no team.
    /// </summary>
    public string? TeamName { get; set; }

    /// <summary>A long-lived team-scoped token (team/* routes; Dropbox-API-Select-User/-Select-Admin act as a member). Needs <see cref="TeamName"/>.</summary>
    public string? TeamToken { get; set; }

    /// <summary>Team folders made at the top of the team space. Needs <see cref="TeamName"/>.</summary>
    public IList<string> TeamFolders { get; set; } = new List<string>();

    /// <summary>CLI only: let the host react to Ctrl+C / SIGTERM. In-process (tests) the host ignores console signals.</summary>
    internal bool UseConsoleLifetime { get; set; }

    /// <summary>Tests: register extra routes (e.g. probes for the upload/download argument decoding).</summary>
    internal Action<Edge.RouteTable>? ExtraRoutes { get; set; }
}

/// <summary>An extra account with a long-lived token (CLI: --account NAME:TOKEN).</summary>
public sealed record EmulatorAccount(string Name, string Token)
{
    /// <summary>Parses NAME:TOKEN (the token may itself contain ':').</summary>
    public static EmulatorAccount Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            throw new FormatException($"'{text}' is not NAME:TOKEN.");
        }
        string name = text[..colon];
        if (!Domain.Account.IsValidName(name))
        {
            throw new FormatException($"Account name '{name}' must be 1-64 letters, digits, '.', '_' or '-'.");
        }
        return new EmulatorAccount(name, text[(colon + 1)..]);
    }
}
