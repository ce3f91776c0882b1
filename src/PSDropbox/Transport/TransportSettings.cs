namespace PSDropbox.Transport;

/// <summary>
/// A connection's network settings, applied by the transport to every request: how long to wait for a connection and
/// for data, the retry budget, the proxy and the transfer rate. Defaults suit both a prompt and a 50 GB transfer
/// (rclone: 1 min to connect, 5 min idle); the proxy defaults to the environment's (HTTPS_PROXY...) or the system's.
/// </summary>
public sealed class TransportSettings
{
    public static readonly TimeSpan DefaultConnectionTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultOperationTimeout = TimeSpan.FromMinutes(5);

    public static TransportSettings Default { get; } = new();

    /// <summary>Establishing a connection (TCP, TLS, a proxy's CONNECT), until the first byte of the request can go out.</summary>
    public TimeSpan ConnectionTimeout { get; init; } = DefaultConnectionTimeout;

    /// <summary>The longest time without a byte sent or received, at any point of a request or its answer.</summary>
    public TimeSpan OperationTimeout { get; init; } = DefaultOperationTimeout;

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>Every request goes through this proxy (http://host:port); null: the environment's or the system's proxy.</summary>
    public Uri? Proxy { get; init; }

    /// <summary>Credentials for the proxy (a NetworkCredential, or CredentialCache.DefaultCredentials).</summary>
    public System.Net.ICredentials? ProxyCredentials { get; init; }

    /// <summary>No proxy at all, whatever the environment or the system says.</summary>
    public bool NoProxy { get; init; }

    /// <summary>Bytes per second for all the connection's transfers together; null: no limit.</summary>
    public long? MaxTransferRate { get; init; }
}
