using System.Globalization;

namespace PSDropbox.Emulator.Domain;

/// <summary>
/// A team (--team NAME). Its team space is one namespace, <see cref="RootNs"/>, stored like any other: each member's
/// home folder (/&lt;display name&gt;) and each team folder (/&lt;name&gt;) are folders at its top, and every one of them
/// also has a namespace id of its own that maps to that folder (a home namespace, a team-folder namespace).
/// </summary>
internal sealed record Team(string TeamId, string Name, long RootNs);

/// <summary>A member of a team: its team member id, whether it is the team admin, its home folder in the team space, when it joined (Unix seconds).</summary>
internal sealed record TeamMembership(Team Team, string TeamMemberId, bool IsAdmin, long HomeNs, string HomeLower, string HomeDisplay, long Joined)
{
    public string HomeName => HomeDisplay[1..];
}

/// <summary>A team folder: a folder at the top of the team space with a namespace id of its own (its team_folder_id).</summary>
internal sealed record TeamFolder(long Ns, string Name, string PathLower, string PathDisplay)
{
    public string TeamFolderId => Ns.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// What a request sees of its storage namespace: the subtree under <see cref="PrefixLower"/> ("" = all of it) shown as
/// the root, and, at the team root, only <see cref="TopFolders"/> (the member's own home folder and the team folders;
/// other members' homes do not exist for it). Paths come in relative to the view and go out relative to it.
/// </summary>
internal sealed record PathView(string PrefixLower, string PrefixDisplay, IReadOnlyList<string>? TopFolders)
{
    /// <summary>A whole namespace: an account of its own, without a team.</summary>
    public static readonly PathView Whole = new("", "", null);

    /// <summary>True at the team root, where the top level holds only folders the team manages.</summary>
    public bool IsTeamRoot => TopFolders is not null;

    /// <summary>True when the stored path <paramref name="lower"/> can be seen (and reached) through this view.</summary>
    public bool Contains(string lower)
    {
        if (PrefixLower.Length > 0) return lower == PrefixLower || lower.StartsWith(PrefixLower + "/", StringComparison.Ordinal);
        if (TopFolders is null || lower.Length == 0) return true;
        foreach (var top in TopFolders)
        {
            if (lower == top || lower.StartsWith(top + "/", StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>A folder of the team space's top level that this view holds (a home or a team folder): it cannot be deleted or moved through the view.</summary>
    public bool IsTopFolder(string lower) => TopFolders?.Contains(lower, StringComparer.Ordinal) == true;

    /// <summary>A stored path as the request sees it (a path outside the view is shown from the namespace's root).</summary>
    public string Show(string stored, bool lower)
    {
        string prefix = lower ? PrefixLower : PrefixDisplay;
        if (prefix.Length == 0 || !Contains(lower ? stored : PathRules.LowerPath(stored))) return stored;
        // Strip as many components as the prefix has: a lower-cased name can differ in length from its display form.
        int depth = prefix.Count(c => c == '/'), cut = 0;
        for (int i = 0; i < depth; i++) cut = stored.IndexOf('/', cut + 1) is var next and >= 0 ? next : stored.Length;
        return stored[cut..];
    }
}

/// <summary>The Dropbox-API-Path-Root header, decoded: home, root (with the root namespace id the caller expects) or namespace_id.</summary>
internal sealed record PathRootRequest(string Tag, string? NamespaceId);
