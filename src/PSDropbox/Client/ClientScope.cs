using System.Text.Json;
using PSDropbox.Transport;

namespace PSDropbox.Client;

/// <summary>
/// As whom and where the calls of a client act: as a team member (Dropbox-API-Select-User) or a team admin
/// (Dropbox-API-Select-Admin) when the token is a team's, and relative to which <see cref="PathRoot"/>. Headers a call
/// already carries (Invoke-DropboxApi -Header) win over the scope's.
/// </summary>
public sealed class ClientScope
{
    public static readonly ClientScope None = new(null, false, null);

    public ClientScope(string? teamMemberId, bool asAdmin, PathRoot? pathRoot)
    {
        TeamMemberId = teamMemberId;
        AsAdmin = asAdmin;
        PathRoot = pathRoot;
    }

    /// <summary>The team member a team token acts as (null: the token's own account).</summary>
    public string? TeamMemberId { get; }

    /// <summary>Acts as <see cref="TeamMemberId"/> with admin access (Select-Admin) instead of as that member (Select-User).</summary>
    public bool AsAdmin { get; }

    /// <summary>What paths are relative to; null sends no header (the account's home).</summary>
    public PathRoot? PathRoot { get; }

    public ClientScope WithPathRoot(PathRoot? pathRoot) => new(TeamMemberId, AsAdmin, pathRoot);

    internal void ApplyTo(HttpRequestMessage request)
    {
        if (request.IsNoAuth()) return;
        if (TeamMemberId is not null) Add(request, AsAdmin ? "Dropbox-API-Select-Admin" : "Dropbox-API-Select-User", TeamMemberId);
        if (PathRoot is not null) Add(request, "Dropbox-API-Path-Root", PathRoot.HeaderValue);
    }

    /// <summary>
    /// A 422 invalid_root answer to a call in Root mode carries the account's current root namespace: later calls use it
    /// (the call that got the answer fails; repeating it could write somewhere else than the caller meant).
    /// </summary>
    internal void Observe422(string body)
    {
        if (PathRoot?.Root is not { } root) return;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("invalid_root", out var info) &&
                info.TryGetProperty("root_namespace_id", out var id) && id.GetString() is { Length: > 0 } fresh)
            {
                root.MoveTo(fresh);
            }
        }
        catch (JsonException)
        {
            // Not a PathRootError body: nothing to adopt.
        }
    }

    private static void Add(HttpRequestMessage request, string name, string value)
    {
        if (!request.Headers.Contains(name)) request.Headers.TryAddWithoutValidation(name, value);
    }
}
