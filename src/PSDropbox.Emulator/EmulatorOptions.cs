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

    /// <summary>CLI only: let the host react to Ctrl+C / SIGTERM. In-process (tests) the host ignores console signals.</summary>
    internal bool UseConsoleLifetime { get; set; }

    /// <summary>Tests: register extra routes (e.g. probes for the upload/download argument decoding).</summary>
    internal Action<Edge.RouteTable>? ExtraRoutes { get; set; }
}
