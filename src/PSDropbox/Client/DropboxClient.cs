using PSDropbox.Transport;

namespace PSDropbox.Client;

/// <summary>
/// Typed access to the API, grouped like the API's namespaces. <see cref="WithScope"/> gives a client that acts as a
/// team member or relative to another path root over the same transport (one HttpClient per connection).
/// </summary>
public sealed class DropboxClient : IDisposable
{
    private readonly DropboxTransport _transport;
    private readonly bool _ownsTransport;

    public DropboxClient(DropboxTransport transport) : this(transport ?? throw new ArgumentNullException(nameof(transport)), ClientScope.None, true)
    {
    }

    private DropboxClient(DropboxTransport transport, ClientScope scope, bool ownsTransport)
    {
        _transport = transport;
        _ownsTransport = ownsTransport;
        Scope = scope;
        var api = new ApiCaller(transport, scope);
        Files = new FilesClient(api);
        Users = new UsersClient(api);
        Raw = new RawClient(api);
        Sharing = new SharingClient(api);
        Auth = new AuthClient(api);
        Team = new TeamClient(api);
    }

    public ClientScope Scope { get; }

    public FilesClient Files { get; }
    public UsersClient Users { get; }
    /// <summary>Any route by name (Invoke-DropboxApi).</summary>
    public RawClient Raw { get; }
    public SharingClient Sharing { get; }
    public AuthClient Auth { get; }
    /// <summary>The team/* routes (a team token's own, without Select-User).</summary>
    public TeamClient Team { get; }
    public DropboxEndpoints Endpoints => _transport.Endpoints;

    /// <summary>A client over the same transport whose calls act as <paramref name="scope"/> says; disposing it leaves the transport open.</summary>
    public DropboxClient WithScope(ClientScope scope) => new(_transport, scope ?? throw new ArgumentNullException(nameof(scope)), false);

    public void Dispose()
    {
        if (_ownsTransport) _transport.Dispose();
    }
}
