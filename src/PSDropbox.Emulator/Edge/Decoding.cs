using System.Text.Json;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.Edge;

/// <summary>Auth and argument decoding for every route style — built once, used by the endpoint.</summary>
internal static class Decoding
{
    public const string CorsHack = "text/plain; charset=dropbox-cors-hack";
    private const int MaxRpcBody = 16 * 1024 * 1024;
    private static readonly JsonElement NullElement = JsonDocument.Parse("null").RootElement.Clone();

    /// <summary>
    /// Returns who calls for the route's auth attribute — an account (a team token acting as a member), and for team
    /// routes the team — or throws the exact 400/401.
    /// </summary>
    public static (Account? Account, Team? Team) Authenticate(HttpContext http, RouteDef route, EmulatorStores stores)
    {
        StringValues header = http.Request.Headers.Authorization;
        string? value = header.Count > 0 ? header.ToString() : null;
        if (route.Auth == RouteAuth.NoAuth)
        {
            if (value is not null)
            {
                throw BadRequestException.InCall(route.Name, "Your request includes an Authorization header, but this function does not use it.");
            }
            return (null, null);
        }
        if (value is null && http.Request.Query.TryGetValue("authorization", out var q) && q.Count > 0)
        {
            value = q.ToString();
        }
        if (value is null)
        {
            throw BadRequestException.InCall(route.Name, "Must provide HTTP header \"Authorization\" or URL parameter \"authorization\".");
        }
        const string bearer = "Bearer ";
        if (!value.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) || value.Length == bearer.Length || value.AsSpan(bearer.Length).Trim().IsEmpty
            || value.AsSpan(bearer.Length).Contains(' '))
        {
            throw new BadRequestException(
                $"Error in call to API function \"{route.Name}\": Invalid authorization value in HTTP header \"Authorization\": \"{Mask(value)}\".  Expecting \"Bearer <oauth2-access-token>\".");
        }
        string token = value[bearer.Length..];
        var info = stores.Tokens.Lookup(token) ?? throw new AuthErrorException("invalid_access_token");
        if (info.Kind == "refresh")
        {
            throw new AuthErrorException("invalid_access_token"); // a refresh token is not a bearer token
        }
        if (info.ExpiresAt is long exp && exp <= EmulatorClock.WallNow())
        {
            throw new AuthErrorException("expired_access_token");
        }
        if (info.Kind == "team")
        {
            var team = stores.Teams.TheTeam() is { } t && t.TeamId == info.AccountId ? t : throw new AuthErrorException("invalid_access_token");
            return route.Auth == RouteAuth.Team ? (null, team) : (SelectUserHeaders.Member(http, route, stores, team), team);
        }
        if (route.Auth == RouteAuth.Team)
        {
            throw BadRequestException.InCall(route.Name,
                "This is a DfB team management function.  The OAuth 2 access token you provided is for a specific Dropbox user account and does not work with this function.");
        }
        SelectUserHeaders.RefuseForUserToken(http, route);
        return (stores.Accounts.Get(info.AccountId) ?? throw new AuthErrorException("invalid_access_token"), null);
    }

    /// <summary>Echo the scheme only; never the credential.</summary>
    private static string Mask(string value)
    {
        int space = value.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (value.Length <= 16 ? value : value[..6] + "...") : value[..space] + " ...";
    }

    /// <summary>Decodes the argument for the route style. Throws BadRequestException with Dropbox's texts.</summary>
    public static async Task<(JsonElement Arg, string Source)> DecodeArgAsync(HttpContext http, RouteDef route)
    {
        var request = http.Request;
        if (route.Style == RouteStyle.Rpc)
        {
            string? contentType = request.ContentType;
            byte[] body = await ReadBodyAsync(http, route).ConfigureAwait(false);
            if (string.IsNullOrEmpty(contentType))
            {
                if (body.Length == 0 && route.VoidArg)
                {
                    return (NullElement, "request body");
                }
                throw BadContentType(route, contentType ?? "");
            }
            if (!IsJsonContentType(contentType) && !IsCorsHack(contentType))
            {
                throw BadContentType(route, contentType);
            }
            if (body.Length == 0 && route.VoidArg)
            {
                return (NullElement, "request body");
            }
            return (Parse(body, route, "request body"), "request body");
        }

        // upload / download: Dropbox-API-Arg header, else arg query parameter
        if (route.Style == RouteStyle.Upload)
        {
            string? contentType = request.ContentType;
            if (!string.Equals(contentType, "application/octet-stream", StringComparison.OrdinalIgnoreCase) && !IsCorsHack(contentType))
            {
                throw BadRequestException.InCall(route.Name,
                    $"Bad HTTP \"Content-Type\" header: \"{contentType}\".  Expecting one of \"application/octet-stream\", \"text/plain; charset=dropbox-cors-hack\".");
            }
        }
        else if (request.ContentLength > 0)
        {
            throw BadRequestException.InCall(route.Name, "The request body is supposed to be empty, but isn't");
        }
        if (request.Headers.TryGetValue("Dropbox-API-Arg", out var h) && h.Count > 0)
        {
            const string src = "HTTP header \"Dropbox-API-Arg\"";
            return (Parse(System.Text.Encoding.UTF8.GetBytes(h.ToString()), route, src), src);
        }
        if (request.Query.TryGetValue("arg", out var a) && a.Count > 0)
        {
            const string src = "URL parameter \"arg\"";
            return (Parse(System.Text.Encoding.UTF8.GetBytes(a.ToString()), route, src), src);
        }
        if (route.VoidArg)
        {
            return (NullElement, "HTTP header \"Dropbox-API-Arg\"");
        }
        throw BadRequestException.InCall(route.Name, "Must provide HTTP header \"Dropbox-API-Arg\" or URL parameter \"arg\".");
    }

    private static BadRequestException BadContentType(RouteDef route, string contentType) =>
        BadRequestException.InCall(route.Name,
            $"Bad HTTP \"Content-Type\" header: \"{contentType}\".  Expecting one of \"application/json\", \"text/plain; charset=dropbox-cors-hack\".");

    public static bool IsJsonContentType(string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mt) || !mt.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return !mt.Charset.HasValue || mt.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || mt.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }

    public static bool IsCorsHack(string? contentType) =>
        contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var mt)
        && mt.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase)
        && mt.Charset.Equals("dropbox-cors-hack", StringComparison.OrdinalIgnoreCase);

    private static async Task<byte[]> ReadBodyAsync(HttpContext http, RouteDef route)
    {
        if (http.Request.ContentLength > MaxRpcBody)
        {
            throw BadRequestException.InCall(route.Name, "request body: too large");
        }
        using var ms = new MemoryStream();
        var buffer = new byte[16384];
        int n;
        while ((n = await http.Request.Body.ReadAsync(buffer, http.RequestAborted).ConfigureAwait(false)) > 0)
        {
            ms.Write(buffer, 0, n);
            if (ms.Length > MaxRpcBody)
            {
                throw BadRequestException.InCall(route.Name, "request body: too large");
            }
        }
        return ms.ToArray();
    }

    private static JsonElement Parse(byte[] json, RouteDef route, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw BadRequestException.InCall(route.Name, $"{source}: could not decode input as JSON");
        }
    }
}
