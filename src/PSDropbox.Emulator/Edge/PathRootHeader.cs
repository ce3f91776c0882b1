using System.Globalization;
using System.Text.Json;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.Edge;

/// <summary>
/// Dropbox-API-Path-Root: what a request's paths are relative to. home (the default), root (the account's root namespace,
/// the team space for a member; the id given must be the current one, else 422 invalid_root with the account's
/// root_info) or namespace_id (a namespace the account can reach, else 422 no_permission).
/// </summary>
internal static class PathRootHeader
{
    public const string Name = "Dropbox-API-Path-Root";

    /// <summary>The account as the request sees it: <paramref name="account"/> with the view the header asks for.</summary>
    public static Account Apply(HttpContext http, RouteDef route, EmulatorStores stores, Account account)
    {
        if (!http.Request.Headers.TryGetValue(Name, out var values) || values.Count == 0)
        {
            return account;
        }
        var request = Parse(route, values.ToString());
        switch (request.Tag)
        {
            case "home":
                return account;
            case "root":
                if (request.NamespaceId != account.RootNamespaceId.ToString(CultureInfo.InvariantCulture))
                {
                    throw new PathRootErrorException(new ErrorValue("invalid_root", RootInfoJson.Value(account)));
                }
                return account.Membership is { } member ? account with { View = stores.Teams.RootView(member) } : account;
            default:
                return long.TryParse(request.NamespaceId, NumberStyles.None, CultureInfo.InvariantCulture, out long ns) && stores.Teams.ViewOf(account, ns) is { } view
                    ? account with { View = view }
                    : throw new PathRootErrorException(ErrorValue.Chain("no_permission"));
        }
    }

    private static PathRootRequest Parse(RouteDef route, string text)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(text);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Bad(route, $"could not decode input as JSON ({e.Message})");
        }
        string? tag = root.ValueKind == JsonValueKind.String ? root.GetString()
            : root.ValueKind == JsonValueKind.Object && root.TryGetProperty(".tag", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()
            : null;
        switch (tag)
        {
            case "home":
                return new PathRootRequest("home", null);
            case "root" or "namespace_id":
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(tag, out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } value)
                {
                    throw Bad(route, $"{tag}: missing required field '{tag}' (a namespace id)");
                }
                return new PathRootRequest(tag, value);
            default:
                throw Bad(route, tag is null ? "expected an object with \".tag\"" : $"unknown tag '{tag}'");
        }
    }

    private static BadRequestException Bad(RouteDef route, string reason) =>
        BadRequestException.InCall(route.Name, $"Invalid value for HTTP header \"{Name}\": {reason}.");
}

/// <summary>HTTP 422 with a JSON PathRootError body (invalid_root carrying the account's root_info, or no_permission).</summary>
internal sealed class PathRootErrorException(ErrorValue error) : ApiException(error.SummaryPath)
{
    public override int StatusCode => 422;

    public override Task WriteAsync(HttpContext http) => Http.WriteErrorJsonAsync(http, 422, error, null);
}
