namespace PSDropbox.Client;

/// <summary>/oauth2/token refused a grant (RFC 6749 error: invalid_grant, invalid_client, invalid_request...).</summary>
public sealed class DropboxOAuthException : DropboxException
{
    public DropboxOAuthException(string error, string? description)
        : base(Describe(error, description), "oauth2/token", DropboxErrorKind.AuthenticationFailed)
    {
        Error = error;
        Description = description;
    }

    /// <summary>The RFC 6749 error code, e.g. invalid_grant.</summary>
    public string Error { get; }
    public string? Description { get; }

    private static string Describe(string error, string? description)
    {
        var detail = string.IsNullOrEmpty(description) ? error : $"{description} ({error})";
        return error switch
        {
            "invalid_grant" => $"Dropbox refused the sign-in: {detail}. The code or refresh token is no longer valid; run Connect-Dropbox to sign in again.",
            "invalid_client" => $"Dropbox refused the app credentials: {detail}. Check -AppKey and -AppSecret.",
            _ => $"Dropbox refused the sign-in: {detail}.",
        };
    }
}
