using System.Text;
using PSDropbox.Transport;

namespace PSDropbox.SignIn;

/// <summary>The /oauth2/authorize URL for the code flow with PKCE and an offline (refresh-token) grant.</summary>
internal static class AuthorizeUri
{
    public static Uri Build(DropboxEndpoints endpoints, string appKey, string codeChallenge, string? redirectUri, string? state, IReadOnlyList<string>? scopes)
    {
        var query = new StringBuilder()
            .Append("client_id=").Append(Uri.EscapeDataString(appKey))
            .Append("&response_type=code&token_access_type=offline")
            .Append("&code_challenge=").Append(codeChallenge).Append("&code_challenge_method=S256");
        if (redirectUri is not null) query.Append("&redirect_uri=").Append(Uri.EscapeDataString(redirectUri));
        if (state is not null) query.Append("&state=").Append(Uri.EscapeDataString(state));
        if (scopes is { Count: > 0 }) query.Append("&scope=").Append(Uri.EscapeDataString(string.Join(" ", scopes)));
        return new Uri(endpoints.Web, "oauth2/authorize?" + query);
    }
}
