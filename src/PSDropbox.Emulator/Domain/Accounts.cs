using System.Text.RegularExpressions;

namespace PSDropbox.Emulator.Domain;

internal sealed record Account(
    string AccountId,
    long NamespaceId,
    string GivenName,
    string Surname,
    string Email,
    string Country,
    string Locale,
    string AccountType)
{
    public string DisplayName => $"{GivenName} {Surname}";

    /// <summary>The team this account belongs to (--team), or null. A member's <see cref="NamespaceId"/> is the team space it is stored in.</summary>
    public TeamMembership? Membership { get; init; }

    /// <summary>
    /// What the current request sees of <see cref="NamespaceId"/>: by default the account's home (all of its own
    /// namespace, or a member's home folder in the team space); Dropbox-API-Path-Root chooses another.
    /// </summary>
    public PathView View { get; init; } = PathView.Whole;

    /// <summary>The namespace the account's paths are relative to by default (users/get_current_account home_namespace_id).</summary>
    public long HomeNamespaceId => Membership?.HomeNs ?? NamespaceId;

    /// <summary>The namespace at the top of what the account can reach: the team space for a member (root_namespace_id).</summary>
    public long RootNamespaceId => Membership?.Team.RootNs ?? NamespaceId;

    private static readonly Regex NamePattern = new(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant);

    /// <summary>Names of extra accounts (CLI --account NAME:TOKEN, POST /_emulator/accounts).</summary>
    public static bool IsValidName(string name) => NamePattern.IsMatch(name);
}

/// <summary>Token lookup result.</summary>
internal sealed record TokenInfo(string Token, string AccountId, string Kind, long? ExpiresAt, string? FamilyId);

/// <summary>A refresh-token family: one sign-in of one account to one app, and every token minted from it.</summary>
internal sealed record TokenFamily(string FamilyId, string AppKey, string AccountId, string Scope, bool Pkce);
