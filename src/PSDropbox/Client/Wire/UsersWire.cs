using System.Text.Json.Serialization;

namespace PSDropbox.Client.Wire;

internal sealed class FullAccount
{
    [JsonPropertyName("account_id")] public string AccountId { get; set; } = "";
    [JsonPropertyName("name")] public AccountName Name { get; set; } = new();
    [JsonPropertyName("email")] public string? Email { get; set; }
    [JsonPropertyName("email_verified")] public bool EmailVerified { get; set; }
    [JsonPropertyName("disabled")] public bool Disabled { get; set; }
    [JsonPropertyName("country")] public string? Country { get; set; }
    [JsonPropertyName("locale")] public string? Locale { get; set; }
    [JsonPropertyName("account_type")] public TagOnly? AccountType { get; set; }
    [JsonPropertyName("team")] public TeamRef? Team { get; set; }
    [JsonPropertyName("team_member_id")] public string? TeamMemberId { get; set; }
    [JsonPropertyName("root_info")] public RootInfo? RootInfo { get; set; }
}

internal sealed class TeamRef
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("name")] public string Name { get; set; } = "";
}

/// <summary>common.RootInfo: UserRootInfo or TeamRootInfo (home_path).</summary>
internal sealed class RootInfo
{
    [JsonPropertyName(".tag")] public string Tag { get; set; } = "";
    [JsonPropertyName("root_namespace_id")] public string RootNamespaceId { get; set; } = "";
    [JsonPropertyName("home_namespace_id")] public string HomeNamespaceId { get; set; } = "";
    [JsonPropertyName("home_path")] public string? HomePath { get; set; }
}

internal sealed class AccountName
{
    [JsonPropertyName("display_name")] public string DisplayName { get; set; } = "";
}

internal sealed class TagOnly
{
    [JsonPropertyName(".tag")] public string Tag { get; set; } = "";
}

internal sealed class SpaceUsage
{
    [JsonPropertyName("used")] public long Used { get; set; }
    [JsonPropertyName("allocation")] public SpaceAllocation Allocation { get; set; } = new();
}

internal sealed class SpaceAllocation
{
    [JsonPropertyName(".tag")] public string Tag { get; set; } = "";
    [JsonPropertyName("allocated")] public long Allocated { get; set; }
}

internal sealed class ErrorEnvelope
{
    [JsonPropertyName("error_summary")] public string? ErrorSummary { get; set; }
    [JsonPropertyName("user_message")] public UserMessage? UserMessage { get; set; }
}

internal sealed class UserMessage
{
    [JsonPropertyName("text")] public string? Text { get; set; }
}
