namespace PSDropbox.Emulator;

/// <summary>An app registered with the emulator, like one in the Dropbox App Console.</summary>
public sealed class EmulatorApp
{
    public required string AppKey { get; init; }

    /// <summary>Null for a public (PKCE-only) app.</summary>
    public string? AppSecret { get; init; }

    /// <summary>Redirect URIs that /oauth2/authorize accepts; matched exactly, port and path included.</summary>
    public IReadOnlyList<string> RedirectUris { get; init; } = [];
}
