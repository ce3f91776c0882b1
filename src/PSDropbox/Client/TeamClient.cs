using PSDropbox.Client.Wire;

namespace PSDropbox.Client;

/// <summary>One page of a team list, with the cursor to the next one.</summary>
public sealed class TeamPage<T>
{
    internal TeamPage(IReadOnlyList<T> items, string cursor, bool hasMore)
    {
        Items = items;
        Cursor = cursor;
        HasMore = hasMore;
    }

    public IReadOnlyList<T> Items { get; }
    public string Cursor { get; }
    public bool HasMore { get; }
}

/// <summary>The team/* routes of a team token, read-only: the team, its members, team folders and namespaces.</summary>
public sealed class TeamClient
{
    private readonly ApiCaller _api;

    internal TeamClient(ApiCaller api) => _api = api;

    public async Task<DropboxTeam> GetInfoAsync(CancellationToken cancellationToken)
    {
        var info = await _api.RpcAsync("team/get_info", WireJson.Default.TeamGetInfoResult, cancellationToken).ConfigureAwait(false);
        return new DropboxTeam { TeamId = info.TeamId, Name = info.Name, LicensedUsers = info.LicensedUsers, ProvisionedUsers = info.ProvisionedUsers };
    }

    /// <summary>team/members/list (<paramref name="cursor"/> null) or team/members/list/continue.</summary>
    public async Task<TeamPage<DropboxTeamMember>> ListMembersAsync(string? cursor, CancellationToken cancellationToken)
    {
        var page = cursor is null
            ? await _api.RpcAsync("team/members/list", new TeamListArg { Limit = 1000 }, WireJson.Default.TeamListArg, WireJson.Default.MembersListResult, cancellationToken).ConfigureAwait(false)
            : await _api.RpcAsync("team/members/list/continue", new CursorArg { Cursor = cursor }, WireJson.Default.CursorArg, WireJson.Default.MembersListResult, cancellationToken).ConfigureAwait(false);
        return new TeamPage<DropboxTeamMember>(page.Members.Select(m => ToMember(m.Profile, m.Role)).ToList(), page.Cursor, page.HasMore);
    }

    /// <summary>
    /// team/members/get_info: each member by email address or team member id (dbmid:...), in the order asked; null for
    /// one the team does not have.
    /// </summary>
    public async Task<IReadOnlyList<DropboxTeamMember?>> GetMembersAsync(IReadOnlyList<string> emailsOrIds, CancellationToken cancellationToken)
    {
        var arg = new MembersGetInfoArg { Members = emailsOrIds.Select(Selector).ToList() };
        var items = await _api.RpcAsync("team/members/get_info", arg, WireJson.Default.MembersGetInfoArg, WireJson.Default.ListMembersGetInfoItem, cancellationToken)
            .ConfigureAwait(false);
        return items.Select(i => i.Tag == "member_info" && i.Profile is not null ? ToMember(i.Profile, i.Role ?? new TagOnly()) : null).ToList();
    }

    /// <summary>team/team_folder/list or its continue.</summary>
    public async Task<TeamPage<DropboxTeamFolder>> ListTeamFoldersAsync(string? cursor, CancellationToken cancellationToken)
    {
        var page = cursor is null
            ? await _api.RpcAsync("team/team_folder/list", new TeamListArg { Limit = 1000 }, WireJson.Default.TeamListArg, WireJson.Default.TeamFolderListResult, cancellationToken).ConfigureAwait(false)
            : await _api.RpcAsync("team/team_folder/list/continue", new CursorArg { Cursor = cursor }, WireJson.Default.CursorArg, WireJson.Default.TeamFolderListResult, cancellationToken).ConfigureAwait(false);
        return new TeamPage<DropboxTeamFolder>(page.TeamFolders.Select(f => new DropboxTeamFolder
        {
            TeamFolderId = f.TeamFolderId, Name = f.Name, Status = f.Status.Tag, IsTeamSharedDropbox = f.IsTeamSharedDropbox,
        }).ToList(), page.Cursor, page.HasMore);
    }

    /// <summary>team/namespaces/list or its continue.</summary>
    public async Task<TeamPage<DropboxNamespace>> ListNamespacesAsync(string? cursor, CancellationToken cancellationToken)
    {
        var page = cursor is null
            ? await _api.RpcAsync("team/namespaces/list", new TeamListArg { Limit = 1000 }, WireJson.Default.TeamListArg, WireJson.Default.NamespacesListResult, cancellationToken).ConfigureAwait(false)
            : await _api.RpcAsync("team/namespaces/list/continue", new CursorArg { Cursor = cursor }, WireJson.Default.CursorArg, WireJson.Default.NamespacesListResult, cancellationToken).ConfigureAwait(false);
        return new TeamPage<DropboxNamespace>(page.Namespaces.Select(n => new DropboxNamespace
        {
            NamespaceId = n.NamespaceId, Name = n.Name, NamespaceType = n.NamespaceType.Tag, TeamMemberId = n.TeamMemberId,
        }).ToList(), page.Cursor, page.HasMore);
    }

    /// <summary>An email address or a team member id (dbmid:...) as a UserSelectorArg.</summary>
    public static void CheckMemberName(string emailOrId) => Selector(emailOrId);

    private static UserSelector Selector(string emailOrId)
    {
        var value = emailOrId?.Trim() ?? "";
        if (value.StartsWith("dbmid:", StringComparison.Ordinal) && value.Length > 6) return new UserSelector { Tag = "team_member_id", TeamMemberId = value };
        if (value.IndexOf('@') > 0 && value.IndexOf('@') < value.Length - 1) return new UserSelector { Tag = "email", Email = value };
        throw new ArgumentException($"'{emailOrId}' is neither an email address nor a team member id (dbmid:...).");
    }

    private static DropboxTeamMember ToMember(TeamMemberProfile p, TagOnly role) => new()
    {
        TeamMemberId = p.TeamMemberId,
        AccountId = p.AccountId,
        Email = p.Email,
        DisplayName = p.Name.DisplayName,
        Role = role.Tag,
        Status = p.Status.Tag,
        MemberFolderId = p.MemberFolderId,
        JoinedOn = p.JoinedOn,
    };
}
