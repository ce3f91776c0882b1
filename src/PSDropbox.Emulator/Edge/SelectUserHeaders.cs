using System.Text.RegularExpressions;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.Edge;

/// <summary>
/// Dropbox-API-Select-User and Dropbox-API-Select-Admin: whom a team token acts as on a user route (a member, or a team
/// admin as themselves), with Dropbox's errors: 400 when a team token names nobody, or a user token names anybody;
/// 401 invalid_select_user / invalid_select_admin for a member that is not (or not an admin) on the team.
/// </summary>
internal static partial class SelectUserHeaders
{
    public const string SelectUser = "Dropbox-API-Select-User";
    public const string SelectAdmin = "Dropbox-API-Select-Admin";

    /// <summary>The member a team token acts as on <paramref name="route"/>.</summary>
    public static Account Member(HttpContext http, RouteDef route, EmulatorStores stores, Team team)
    {
        string? user = Header(http, SelectUser), admin = Header(http, SelectAdmin);
        if (user is not null && admin is not null)
        {
            throw BadRequestException.InCall(route.Name, $"Only one of the HTTP headers \"{SelectUser}\" and \"{SelectAdmin}\" may be given.");
        }
        if (user is null && admin is null)
        {
            throw BadRequestException.InCall(route.Name,
                "This API function operates on a single Dropbox account, but the OAuth 2 access token you provided is for an entire Dropbox Business team.  " +
                $"Since your API app key has team member file access permissions, you can operate on a team member's Dropbox by providing the \"{SelectUser}\" " +
                "HTTP header or \"select_user\" URL parameter to specify the exact user <https://www.dropbox.com/developers/documentation/http/teams>.");
        }
        string id = (user ?? admin)!;
        if (!MemberIdPattern().IsMatch(id))
        {
            throw BadRequestException.InCall(route.Name, $"Invalid value for HTTP header \"{(user is null ? SelectAdmin : SelectUser)}\": \"{id}\" is not a team member id (dbmid:...).");
        }
        var member = stores.Teams.MemberById(team, id);
        if (user is not null)
        {
            return member ?? throw new AuthErrorException("invalid_select_user");
        }
        return member is { Membership.IsAdmin: true } ? member : throw new AuthErrorException("invalid_select_admin");
    }

    /// <summary>A user token with a select header: only team tokens act as someone else.</summary>
    public static void RefuseForUserToken(HttpContext http, RouteDef route)
    {
        foreach (var name in new[] { SelectUser, SelectAdmin })
        {
            if (Header(http, name) is not null)
            {
                throw BadRequestException.InCall(route.Name,
                    $"Unexpected HTTP header \"{name}\": the OAuth 2 access token you provided is for a single Dropbox account; only a team's token can act as a team member.");
            }
        }
    }

    private static string? Header(HttpContext http, string name) =>
        http.Request.Headers.TryGetValue(name, out var v) && v.Count > 0 ? v.ToString() : null;

    [GeneratedRegex(@"\Adbmid:[A-Za-z0-9_-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex MemberIdPattern();
}
