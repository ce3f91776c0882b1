using System.Text.Json.Serialization;

namespace PSDropbox.Client.Wire;

internal sealed class TeamGetInfoResult
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("team_id")] public string TeamId { get; set; } = "";
    [JsonPropertyName("num_licensed_users")] public long LicensedUsers { get; set; }
    [JsonPropertyName("num_provisioned_users")] public long ProvisionedUsers { get; set; }
}

/// <summary>The argument of team/members/list, team/team_folder/list and team/namespaces/list.</summary>
internal sealed class TeamListArg
{
    [JsonPropertyName("limit")] public int Limit { get; set; }
}

internal sealed class MembersListResult
{
    [JsonPropertyName("members")] public List<TeamMemberInfo> Members { get; set; } = new();
    [JsonPropertyName("cursor")] public string Cursor { get; set; } = "";
    [JsonPropertyName("has_more")] public bool HasMore { get; set; }
}

internal sealed class TeamMemberInfo
{
    [JsonPropertyName("profile")] public TeamMemberProfile Profile { get; set; } = new();
    [JsonPropertyName("role")] public TagOnly Role { get; set; } = new();
}

internal sealed class TeamMemberProfile
{
    [JsonPropertyName("team_member_id")] public string TeamMemberId { get; set; } = "";
    [JsonPropertyName("account_id")] public string? AccountId { get; set; }
    [JsonPropertyName("email")] public string Email { get; set; } = "";
    [JsonPropertyName("status")] public TagOnly Status { get; set; } = new();
    [JsonPropertyName("name")] public AccountName Name { get; set; } = new();
    [JsonPropertyName("joined_on")] public DateTime? JoinedOn { get; set; }
    [JsonPropertyName("member_folder_id")] public string MemberFolderId { get; set; } = "";
}

/// <summary>team/members/get_info: one UserSelectorArg per member asked for.</summary>
internal sealed class MembersGetInfoArg
{
    [JsonPropertyName("members")] public List<UserSelector> Members { get; set; } = new();
}

internal sealed class UserSelector
{
    [JsonPropertyName(".tag")] public string Tag { get; set; } = "";
    [JsonPropertyName("team_member_id")] public string? TeamMemberId { get; set; }
    [JsonPropertyName("email")] public string? Email { get; set; }
}

/// <summary>MembersGetInfoItem: member_info (a TeamMemberInfo, inlined) or id_not_found.</summary>
internal sealed class MembersGetInfoItem
{
    [JsonPropertyName(".tag")] public string Tag { get; set; } = "";
    [JsonPropertyName("profile")] public TeamMemberProfile? Profile { get; set; }
    [JsonPropertyName("role")] public TagOnly? Role { get; set; }
}

internal sealed class TeamFolderListResult
{
    [JsonPropertyName("team_folders")] public List<TeamFolderMetadata> TeamFolders { get; set; } = new();
    [JsonPropertyName("cursor")] public string Cursor { get; set; } = "";
    [JsonPropertyName("has_more")] public bool HasMore { get; set; }
}

internal sealed class TeamFolderMetadata
{
    [JsonPropertyName("team_folder_id")] public string TeamFolderId { get; set; } = "";
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("status")] public TagOnly Status { get; set; } = new();
    [JsonPropertyName("is_team_shared_dropbox")] public bool IsTeamSharedDropbox { get; set; }
}

internal sealed class NamespacesListResult
{
    [JsonPropertyName("namespaces")] public List<NamespaceMetadata> Namespaces { get; set; } = new();
    [JsonPropertyName("cursor")] public string Cursor { get; set; } = "";
    [JsonPropertyName("has_more")] public bool HasMore { get; set; }
}

internal sealed class NamespaceMetadata
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("namespace_id")] public string NamespaceId { get; set; } = "";
    [JsonPropertyName("namespace_type")] public TagOnly NamespaceType { get; set; } = new();
    [JsonPropertyName("team_member_id")] public string? TeamMemberId { get; set; }
}
