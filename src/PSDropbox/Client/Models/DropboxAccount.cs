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
    /// <summary>Bytes used.</summary>
    public long Used { get; init; }
    /// <summary>Bytes allocated to this account (or its team).</summary>
    public long Allocated { get; init; }
    public long Free => Math.Max(0, Allocated - Used);
    public double PercentUsed => Allocated == 0 ? 0 : Math.Round(100.0 * Used / Allocated, 2);

    public override string ToString() => Email is null ? DisplayName : $"{DisplayName} <{Email}>";
}
