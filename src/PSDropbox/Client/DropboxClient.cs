using PSDropbox.Transport;

namespace PSDropbox.Client;

/// <summary>Typed access to the API, grouped like the API's namespaces.</summary>
public sealed class DropboxClient : IDisposable
{
    private readonly DropboxTransport _transport;

    public DropboxClient(DropboxTransport transport)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        var api = new ApiCaller(transport);
        Files = new FilesClient(api);
        Users = new UsersClient(api);
        Raw = new RawClient(api);
        Sharing = new SharingClient(api);
        Auth = new AuthClient(api);
    }

    public FilesClient Files { get; }
    public UsersClient Users { get; }
    /// <summary>Any route by name (Invoke-DropboxApi).</summary>
    public RawClient Raw { get; }
    public SharingClient Sharing { get; }
    public AuthClient Auth { get; }
    public DropboxEndpoints Endpoints => _transport.Endpoints;

    public void Dispose() => _transport.Dispose();
}
