using PSDropbox.Client;
using PathRootSpec = PSDropbox.Client.PathRoot;

namespace PSDropbox;

/// <summary>
/// Whom a token acts as, found when connecting: its own account; a team member (a team's token with -AsMember, sent
/// as Dropbox-API-Select-User, the email resolved through team/members/get_info) or a team admin with admin access
/// (-AsAdmin, Dropbox-API-Select-Admin); or, for a team's token alone, the whole team (team commands only). The
/// account's root namespace is learnt here too, for -PathRoot Root.
/// </summary>
internal sealed class ConnectionIdentity
{
    private ConnectionIdentity(DropboxClient tokenClient, DropboxClient? accountClient, DropboxAccount? account, DropboxTeam? team, string actingAs,
        RootNamespace? root)
    {
        TokenClient = tokenClient;
        AccountClient = accountClient;
        Account = account;
        Team = team;
        ActingAs = actingAs;
        Root = root;
    }

    public DropboxClient TokenClient { get; }
    public DropboxClient? AccountClient { get; }
    public DropboxAccount? Account { get; }
    public DropboxTeam? Team { get; }
    public string ActingAs { get; }
    public RootNamespace? Root { get; }

    public static async Task<ConnectionIdentity> FindAsync(DropboxClient token, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        string? memberId = null;
        if (settings.Member is not null || settings.AsAdmin)
        {
            memberId = (await MemberAsync(token.Team, settings, cancellationToken).ConfigureAwait(false)).TeamMemberId;
        }
        var actingAs = memberId is null ? "Account" : settings.AsAdmin ? "Admin" : "Member";
        DropboxAccount account;
        try
        {
            account = await token.WithScope(new ClientScope(memberId, settings.AsAdmin, null)).Users.GetCurrentAccountAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TeamAccessException e) when (e.Problem == TeamAccessProblem.NeedsMember && memberId is null && settings.PathRoot == "Home")
        {
            var team = await token.Team.GetInfoAsync(cancellationToken).ConfigureAwait(false);
            return new ConnectionIdentity(token, null, null, team, "Team", null);
        }
        var root = new RootNamespace(account.RootNamespaceId ?? account.HomeNamespaceId ?? "");
        var pathRoot = PathRootSpec.Parse(settings.PathRoot, root);
        var client = token.WithScope(new ClientScope(memberId, settings.AsAdmin, pathRoot.Kind == "Home" ? null : pathRoot));
        if (pathRoot.Kind is not ("Home" or "Root"))
        {
            // Dropbox checks the namespace on every call: fail now (422 no_permission) rather than on the first command.
            await client.Users.GetCurrentAccountAsync(cancellationToken).ConfigureAwait(false);
        }
        return new ConnectionIdentity(token, client, account, null, actingAs, root);
    }

    /// <summary>The member named by -AsMember (which must be an admin with -AsAdmin), or with -AsAdmin alone the team's admin.</summary>
    private static async Task<DropboxTeamMember> MemberAsync(TeamClient team, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Member is { } wanted)
        {
            var member = (await team.GetMembersAsync([wanted], cancellationToken).ConfigureAwait(false))[0]
                         ?? throw new TeamMemberNotFoundException(wanted, "team/members/get_info");
            return !settings.AsAdmin || member.IsAdmin ? member : throw new TeamAccessException(TeamAccessProblem.NotAnAdmin, "team/members/get_info", $"({member})");
        }
        string? cursor = null;
        do
        {
            var page = await team.ListMembersAsync(cursor, cancellationToken).ConfigureAwait(false);
            if (page.Items.FirstOrDefault(m => m.IsAdmin) is { } admin) return admin;
            cursor = page.HasMore ? page.Cursor : null;
        }
        while (cursor is not null);
        throw new TeamAccessException(TeamAccessProblem.NotAnAdmin, "team/members/list", "(The team lists no admin.)");
    }
}
