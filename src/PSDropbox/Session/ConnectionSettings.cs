using System.Net;
using PSDropbox.Transport;

namespace PSDropbox;

/// <summary>
/// How a connection talks to Dropbox, apart from who signs in: endpoints, timeouts, retry budget, proxy, transfer rate.
/// Connect-Dropbox fills it from its parameters, a stored profile keeps it (<see cref="SaveTo"/>, <see cref="From"/>),
/// and <see cref="CreateTransport"/> applies it: each setting has one place in each of the three. A connection's
/// settings never change once it is open. Null means "the default".
/// </summary>
internal sealed class ConnectionSettings
{
    /// <summary>Where every route goes: Dropbox's hosts, or one base URL (the emulator, a proxy).</summary>
    public DropboxEndpoints Endpoints { get; set; } = DropboxEndpoints.Dropbox;

    public TimeSpan? ConnectionTimeout { get; set; }
    public TimeSpan? OperationTimeout { get; set; }
    /// <summary>Retries after the first attempt of a request.</summary>
    public int? MaximumRetryCount { get; set; }
    /// <summary>The wait before the first retry (later ones double, up to 30 s), unless Dropbox names one.</summary>
    public TimeSpan? RetryInterval { get; set; }
    public Uri? Proxy { get; set; }
    public NetworkCredential? ProxyCredential { get; set; }
    public bool ProxyUseDefaultCredentials { get; set; }
    public bool NoProxy { get; set; }
    /// <summary>Bytes per second for all the connection's transfers together.</summary>
    public long? MaxTransferRate { get; set; }
    /// <summary>What paths are relative to: "Home" (the default), "Root" or a namespace id (Dropbox-API-Path-Root).</summary>
    public string PathRoot { get; set; } = "Home";

    /// <summary>The team member (email address or team member id) a team's token acts as; null: the token's own account.</summary>
    public string? Member { get; set; }

    /// <summary>Acts with team admin access (Select-Admin): as <see cref="Member"/>, who must be an admin, or else as the team's admin.</summary>
    public bool AsAdmin { get; set; }

    public ConnectionSettings Clone() => (ConnectionSettings)MemberwiseClone();

    /// <summary>The connection's one HttpClient and handler chain, built from these settings.</summary>
    public DropboxTransport CreateTransport(Func<DropboxTransport, ITokenSource> tokens) => new(Endpoints, tokens, null, ToTransportSettings());

    public TransportSettings ToTransportSettings() => new()
    {
        ConnectionTimeout = ConnectionTimeout ?? TransportSettings.DefaultConnectionTimeout,
        OperationTimeout = OperationTimeout ?? TransportSettings.DefaultOperationTimeout,
        Retry = MaximumRetryCount is null && RetryInterval is null
            ? RetryPolicy.Default
            : new RetryPolicy
            {
                MaxAttempts = (MaximumRetryCount ?? RetryPolicy.Default.MaxAttempts - 1) + 1,
                BaseDelay = RetryInterval ?? RetryPolicy.Default.BaseDelay,
            },
        Proxy = Proxy,
        ProxyCredentials = ProxyUseDefaultCredentials ? CredentialCache.DefaultCredentials : ProxyCredential,
        NoProxy = NoProxy,
        MaxTransferRate = MaxTransferRate,
    };

    /// <summary>Writes the settings a stored profile keeps (the proxy's password is protected like the tokens).</summary>
    public void SaveTo(StoredProfile profile)
    {
        profile.Endpoint = Endpoints.IsDropbox ? null : Endpoints.Api.ToString();
        profile.ConnectionTimeoutSeconds = ConnectionTimeout?.TotalSeconds;
        profile.OperationTimeoutSeconds = OperationTimeout?.TotalSeconds;
        profile.MaximumRetryCount = MaximumRetryCount;
        profile.RetryIntervalSeconds = RetryInterval?.TotalSeconds;
        profile.Proxy = Proxy?.ToString();
        profile.ProxyUser = ProxyCredential?.UserName;
        profile.ProxyPassword = ProxyCredential?.Password;
        profile.ProxyUseDefaultCredentials = ProxyUseDefaultCredentials ? true : null;
        profile.NoProxy = NoProxy ? true : null;
        profile.MaxTransferRate = MaxTransferRate;
        profile.PathRoot = PathRoot == "Home" ? null : PathRoot;
        profile.Member = Member;
        profile.AsAdmin = AsAdmin;
    }

    /// <summary>The settings a stored profile was saved with.</summary>
    public static ConnectionSettings From(StoredProfile stored) => new()
    {
        Endpoints = stored.Endpoint is null ? DropboxEndpoints.Dropbox : DropboxEndpoints.SingleBase(new Uri(stored.Endpoint)),
        ConnectionTimeout = Seconds(stored.ConnectionTimeoutSeconds),
        OperationTimeout = Seconds(stored.OperationTimeoutSeconds),
        MaximumRetryCount = stored.MaximumRetryCount,
        RetryInterval = Seconds(stored.RetryIntervalSeconds),
        Proxy = stored.Proxy is null ? null : new Uri(stored.Proxy),
        ProxyCredential = stored.ProxyUser is null ? null : new NetworkCredential(stored.ProxyUser, stored.ProxyPassword ?? ""),
        ProxyUseDefaultCredentials = stored.ProxyUseDefaultCredentials == true,
        NoProxy = stored.NoProxy == true,
        MaxTransferRate = stored.MaxTransferRate,
        PathRoot = stored.PathRoot ?? "Home",
        Member = stored.Member,
        AsAdmin = stored.AsAdmin,
    };

    private static TimeSpan? Seconds(double? value) => value is double seconds ? TimeSpan.FromSeconds(seconds) : null;
}
