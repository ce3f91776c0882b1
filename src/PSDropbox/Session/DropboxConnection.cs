using PSDropbox.Client;
using PSDropbox.Transport;

namespace PSDropbox;

/// <summary>
/// A signed-in connection: the client to call Dropbox with and who it acts as. It never exposes the token,
/// and its ToString names the account and endpoint only.
/// </summary>
public sealed class DropboxConnection : IDisposable
{
    internal DropboxConnection(DropboxClient client, DropboxAccount account, string authenticationType)
    {
        Client = client;
        AccountId = account.AccountId;
        DisplayName = account.DisplayName;
        Email = account.Email;
        AuthenticationType = authenticationType;
        ConnectedAt = DateTime.Now;
    }

    public string AccountId { get; }
    public string DisplayName { get; }
    public string? Email { get; }
    /// <summary>"Dropbox" for the real service, otherwise the base URL every route is sent to.</summary>
    public string Endpoint => Client.Endpoints.ToString();
    public string AuthenticationType { get; }
    public DateTime ConnectedAt { get; }

    internal DropboxClient Client { get; }

    /// <summary>Checks the token with users/get_current_account and returns the connection it proves.</summary>
    internal static async Task<DropboxConnection> OpenAsync(DropboxEndpoints endpoints, ITokenSource tokens, string authenticationType,
        CancellationToken cancellationToken)
    {
        var client = new DropboxClient(new DropboxTransport(endpoints, tokens));
        try
        {
            var account = await client.Users.GetCurrentAccountAsync(cancellationToken).ConfigureAwait(false);
            return new DropboxConnection(client, account, authenticationType);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public void Dispose() => Client.Dispose();

    public override string ToString() =>
        $"{DisplayName}{(Email is null ? "" : $" <{Email}>")} via {Endpoint} ({AuthenticationType})";
}
