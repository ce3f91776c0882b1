namespace PSDropbox;

/// <summary>The signed-in account and its space usage (users/get_current_account + users/get_space_usage).</summary>
public sealed class DropboxAccount
{
    public string AccountId { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string? Email { get; init; }
    public bool EmailVerified { get; init; }
    public string? AccountType { get; init; }
    public string? Country { get; init; }
    public string? Locale { get; init; }
    public bool Disabled { get; init; }
    /// <summary>The namespace at the top of what the account reaches: its team space's, or its home's when it has none (-PathRoot Root).</summary>
    public string? RootNamespaceId { get; init; }
    /// <summary>The namespace of the account's home folder (paths are relative to it by default).</summary>
    public string? HomeNamespaceId { get; init; }
    /// <summary>Where the home folder is in the team space (team members), e.g. /Ann Smith.</summary>
    public string? HomePath { get; init; }
    public string? TeamId { get; init; }
    public string? TeamName { get; init; }
    public string? TeamMemberId { get; init; }
    /// <summary>Bytes used.</summary>
    public long Used { get; init; }
    /// <summary>Bytes allocated to this account (or its team).</summary>
    public long Allocated { get; init; }
    public long Free => Math.Max(0, Allocated - Used);
    public double PercentUsed => Allocated == 0 ? 0 : Math.Round(100.0 * Used / Allocated, 2);

    public override string ToString() => Email is null ? DisplayName : $"{DisplayName} <{Email}>";
}
