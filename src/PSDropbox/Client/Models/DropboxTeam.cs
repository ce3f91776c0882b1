namespace PSDropbox;

/// <summary>A Dropbox team (team/get_info).</summary>
public sealed class DropboxTeam
{
    public string TeamId { get; init; } = "";
    public string Name { get; init; } = "";
    public long LicensedUsers { get; init; }
    public long ProvisionedUsers { get; init; }

    public override string ToString() => Name;
}

/// <summary>A member of a team (team/members/list, team/members/get_info). TeamMemberId binds to Connect-Dropbox -AsMember.</summary>
public sealed class DropboxTeamMember
{
    public string TeamMemberId { get; init; } = "";
    public string? AccountId { get; init; }
    public string Email { get; init; } = "";
    public string DisplayName { get; init; } = "";
    /// <summary>team_admin, user_management_admin, support_admin or member_only.</summary>
    public string Role { get; init; } = "";
    /// <summary>active, invited, suspended or removed.</summary>
    public string Status { get; init; } = "";
    /// <summary>The namespace id of the member's home folder.</summary>
    public string MemberFolderId { get; init; } = "";
    public DateTime? JoinedOn { get; init; }

    public bool IsAdmin => Role == "team_admin";

    public override string ToString() => $"{DisplayName} <{Email}>";
}

/// <summary>A team folder (team/team_folder/list).</summary>
public sealed class DropboxTeamFolder
{
    /// <summary>Also its namespace id: Connect-Dropbox -PathRoot accepts it.</summary>
    public string TeamFolderId { get; init; } = "";
    public string Name { get; init; } = "";
    /// <summary>active, archived or archive_in_progress.</summary>
    public string Status { get; init; } = "";
    public bool IsTeamSharedDropbox { get; init; }

    public override string ToString() => Name;
}

/// <summary>A namespace of a team (team/namespaces/list): a member's home, a team folder, a shared folder, an app folder.</summary>
public sealed class DropboxNamespace
{
    public string NamespaceId { get; init; } = "";
    public string Name { get; init; } = "";
    /// <summary>team_member_folder, team_folder, shared_folder, app_folder...</summary>
    public string NamespaceType { get; init; } = "";
    /// <summary>The member whose home or app folder it is.</summary>
    public string? TeamMemberId { get; init; }

    public override string ToString() => $"{Name} ({NamespaceId})";
}
