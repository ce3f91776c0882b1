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

    /// <summary>The CurrentUser profile this connection reads and refreshes, or null (Process scope).</summary>
    public string? Profile { get; private set; }

    internal DropboxClient Client { get; }

    /// <summary>Set when the module obtained the tokens itself (OAuth): those are revoked on Disconnect-Dropbox.</summary>
    internal OAuthTokenSource? OAuth { get; private set; }

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

    /// <summary>
    /// Opens a connection whose tokens come from OAuth: <paramref name="signIn"/> obtains them (code exchange, refresh,
    /// or a stored profile) through the connection's own transport; the token is then checked with get_current_account.
    /// With <paramref name="saveTo"/> the sign-in is written to that CurrentUser profile.
    /// </summary>
    internal static async Task<DropboxConnection> OpenOAuthAsync(DropboxEndpoints endpoints, OAuthApp app,
        Func<AuthClient, OAuthTokenSource, CancellationToken, Task> signIn, (TokenStore Store, string Name)? saveTo, string authenticationType,
        CancellationToken cancellationToken)
    {
        OAuthTokenSource? tokens = null;
        var client = new DropboxClient(new DropboxTransport(endpoints, t => tokens = new OAuthTokenSource(new AuthClient(new ApiCaller(t)), app, null)));
        try
        {
            await signIn(client.Auth, tokens!, cancellationToken).ConfigureAwait(false);
            var account = await client.Users.GetCurrentAccountAsync(cancellationToken).ConfigureAwait(false);
            var connection = new DropboxConnection(client, account, authenticationType) { OAuth = tokens };
            if (saveTo is { } target)
            {
                var profile = new StoredProfile
                {
                    Name = target.Name,
                    AccountId = account.AccountId,
                    DisplayName = account.DisplayName,
                    Email = account.Email,
                    Endpoint = endpoints.IsDropbox ? null : endpoints.Api.ToString(),
                };
                tokens!.CopyTo(profile);
                using (await target.Store.LockAsync(target.Name, cancellationToken).ConfigureAwait(false)) target.Store.Write(profile);
                tokens.Profile = target;
            }
            connection.Profile = tokens!.Profile?.Name;
            return connection;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Opens a connection from a CurrentUser profile; refreshed tokens are written back to it.</summary>
    internal static Task<DropboxConnection> OpenProfileAsync(TokenStore store, string name, StoredProfile stored, CancellationToken cancellationToken)
    {
        var endpoints = stored.Endpoint is null ? DropboxEndpoints.Dropbox : DropboxEndpoints.SingleBase(new Uri(stored.Endpoint));
        return OpenOAuthAsync(endpoints, new OAuthApp(stored.AppKey, stored.AppSecret), (_, tokens, _) =>
        {
            tokens.Accept(stored);
            tokens.Profile = (store, name);
            return Task.CompletedTask;
        }, null, "Profile", cancellationToken);
    }

    public void Dispose() => Client.Dispose();

    public override string ToString() =>
        $"{DisplayName}{(Email is null ? "" : $" <{Email}>")} via {Endpoint} ({AuthenticationType}{(Profile is null ? "" : ", profile " + Profile)})";
}
