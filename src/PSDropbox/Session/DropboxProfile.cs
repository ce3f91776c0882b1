namespace PSDropbox;

/// <summary>A stored sign-in (Get-DropboxProfile): who and which app, never the tokens.</summary>
public sealed class DropboxProfile
{
    public string Name { get; init; } = "";
    public string AccountId { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string? Email { get; init; }
    public string AppKey { get; init; } = "";
    /// <summary>"Dropbox", or the base URL the profile connects to.</summary>
    public string Endpoint { get; init; } = "";
    /// <summary>When the profile was last written (sign-in or token refresh), local time.</summary>
    public DateTime LastUpdated { get; init; }
    /// <summary>The file that holds it.</summary>
    public string Path { get; init; } = "";

    public override string ToString() => $"{Name}: {DisplayName}{(Email is null ? "" : $" <{Email}>")}";
}
