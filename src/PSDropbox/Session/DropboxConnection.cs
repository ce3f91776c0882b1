using PSDropbox.Client;
using PathRootSpec = PSDropbox.Client.PathRoot;

namespace PSDropbox;

/// <summary>
/// A signed-in connection: whom it acts as (an account, a member of a team, or a whole team) and the clients to call
/// Dropbox with. One connection may be used from several runspaces and threads at once: its HttpClient is shared and
/// thread-safe, and its token source refreshes under a lock (one refresh for all callers). It never exposes a token, and
/// its ToString names the account, the team and the endpoint only.
/// </summary>
public sealed class DropboxConnection : IDisposable
{
    private volatile bool _closed;

    internal DropboxConnection(ConnectionIdentity identity, ConnectionSettings settings, string authenticationType, OAuthTokenSource? oauth)
    {
        TokenClient = identity.TokenClient;
        Client = identity.AccountClient;
        RootNamespace = identity.Root;
        Settings = settings;
        ActingAs = identity.ActingAs;
        AccountId = identity.Account?.AccountId ?? identity.Team!.TeamId;
        DisplayName = identity.Account?.DisplayName ?? identity.Team!.Name;
        Email = identity.Account?.Email;
        TeamName = identity.Account?.TeamName ?? identity.Team?.Name;
        TeamMemberId = identity.Account?.TeamMemberId;
        HomeNamespaceId = identity.Account?.HomeNamespaceId;
        PathRoot = identity.AccountClient?.Scope.PathRoot?.Kind ?? "Home";
        AuthenticationType = authenticationType;
        OAuth = oauth;
        Profile = oauth?.Profile?.Name;
        ConnectedAt = DateTime.Now;
    }

    /// <summary>The account it acts as (for Team: the team id).</summary>
    public string AccountId { get; }
    /// <summary>The account's name (for Team: the team's name).</summary>
    public string DisplayName { get; }
    public string? Email { get; }
    /// <summary>
    /// Account (the token's own account), Member (a team token acting as a member, -AsMember), Admin (a team token acting
    /// as a team admin with admin access, -AsAdmin) or Team (a team token alone: team commands only).
    /// </summary>
    public string ActingAs { get; }
    public string? TeamName { get; }
    public string? TeamMemberId { get; }
    /// <summary>What paths are relative to: Home, Root (the team space for a member) or a namespace id (-PathRoot).</summary>
    public string PathRoot { get; }
    /// <summary>The account's root namespace (the team space for a member); it follows Dropbox when the account's root changes.</summary>
    public string? RootNamespaceId => RootNamespace?.Id;
    public string? HomeNamespaceId { get; }
    /// <summary>"Dropbox" for the real service, otherwise the base URL every route is sent to.</summary>
    public string Endpoint => Settings.Endpoints.ToString();
    /// <summary>How it signed in: AccessToken, Interactive, PasteCode, RefreshToken or Profile.</summary>
    public string AuthenticationType { get; }
    public DateTime ConnectedAt { get; }
    /// <summary>The CurrentUser profile this connection reads and refreshes, or null (Process scope).</summary>
    public string? Profile { get; }
    /// <summary>False once Disconnect-Dropbox closed it; commands refuse a closed connection.</summary>
    public bool IsOpen => !_closed;

    /// <summary>The client of the account it acts as (Select-User/-Admin and the path root applied); null for a team alone.</summary>
    internal DropboxClient? Client { get; }

    /// <summary>The token's own client, without acting as anyone: the team routes, revoking the token.</summary>
    internal DropboxClient TokenClient { get; }

    internal RootNamespace? RootNamespace { get; }
    internal ConnectionSettings Settings { get; }

    /// <summary>Set when the module obtained the tokens itself (OAuth): those are revoked on Disconnect-Dropbox.</summary>
    internal OAuthTokenSource? OAuth { get; }

    /// <summary>The folders Register-DropboxCryptFolder made encrypted for this connection.</summary>
    internal CryptFolderRegistry CryptFolders { get; } = new();

    /// <summary>The account's client with another path root for one command (-PathRoot on a cmdlet).</summary>
    internal DropboxClient ClientFor(string pathRoot) =>
        Client!.WithScope(Client.Scope.WithPathRoot(PathRootSpec.Parse(pathRoot, RootNamespace!)));

    public void Dispose()
    {
        _closed = true;
        TokenClient.Dispose();
    }

    public override string ToString()
    {
        var who = $"{DisplayName}{(Email is null ? "" : $" <{Email}>")}";
        var role = ActingAs switch
        {
            "Member" => $" as member of {TeamName}",
            "Admin" => $" as admin of {TeamName}",
            "Team" => " (team)",
            _ => "",
        };
        var root = PathRoot == "Home" ? "" : ", path root " + PathRoot;
        return $"{who}{role} via {Endpoint} ({AuthenticationType}{root}{(Profile is null ? "" : ", profile " + Profile)})";
    }
}
