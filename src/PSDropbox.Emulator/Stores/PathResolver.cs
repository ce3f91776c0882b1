using System.Globalization;
using Microsoft.Data.Sqlite;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

/// <summary>Where a path argument points for an account: its lower and display path and the row there (live, deleted or none).</summary>
internal sealed record Resolved(string Lower, string Display, Item? Existing);

/// <summary>Resolves parsed paths (/path, id:, rev:, ns:) against an account's namespace.</summary>
internal static class PathResolver
{
    /// <summary>
    /// Resolves a parsed path for the account (no existence check) through what the request sees (<see cref="Account.View"/>,
    /// or the namespace an ns: path names): the lower and display path stored, "" = the namespace's root. A path the view
    /// cannot reach (another member's home, a namespace the account has no access to) is not_found.
    /// </summary>
    public static Resolved Resolve(SqliteConnection c, SqliteTransaction? tx, Account a, PathSpec spec)
    {
        var view = ViewOf(c, tx, a, spec);
        switch (spec.Kind)
        {
            case PathKind.Root:
                return new Resolved(view.PrefixLower, view.PrefixDisplay, view.PrefixLower.Length == 0 ? null : ItemRows.Get(c, tx, a.NamespaceId, view.PrefixLower));
            case PathKind.Path:
            {
                string display = view.PrefixDisplay + "/" + string.Join('/', spec.Segments);
                string lower = view.PrefixLower + PathRules.LowerPath("/" + string.Join('/', spec.Segments));
                if (!view.Contains(lower))
                {
                    throw PathProblemException.Lookup("not_found");
                }
                var item = ItemRows.Get(c, tx, a.NamespaceId, lower);
                return new Resolved(lower, item is { IsDeleted: false } ? item.PathDisplay : display, item);
            }
            case PathKind.Id:
            {
                var baseItem = ItemRows.GetLiveById(c, tx, a.NamespaceId, spec.Id!) is { } found && view.Contains(found.PathLower)
                    ? found
                    : throw PathProblemException.Lookup("not_found");
                if (spec.Segments.Count == 0)
                {
                    return new Resolved(baseItem.PathLower, baseItem.PathDisplay, baseItem);
                }
                string rel = "/" + string.Join('/', spec.Segments);
                string lower = baseItem.PathLower + PathRules.LowerPath(rel);
                var item = ItemRows.Get(c, tx, a.NamespaceId, lower);
                return new Resolved(lower, item is { IsDeleted: false } ? item.PathDisplay : baseItem.PathDisplay + rel, item);
            }
            case PathKind.Rev:
            {
                using var cmd = Sql.Cmd(c, tx, $"SELECT {ItemRows.RevisionColumns} FROM revisions WHERE ns=$ns AND rev=$rev",
                    ("$ns", a.NamespaceId), ("$rev", spec.Rev));
                using var r = cmd.ExecuteReader();
                if (!r.Read())
                {
                    throw PathProblemException.Lookup("not_found");
                }
                var item = ItemRows.Read(r);
                return view.Contains(item.PathLower) ? new Resolved(item.PathLower, item.PathDisplay, item) : throw PathProblemException.Lookup("not_found");
            }
            default:
                throw new InvalidOperationException();
        }
    }

    /// <summary>What a path is relative to: the namespace an ns: path names (not_found when the account cannot reach it), else the request's view.</summary>
    public static PathView ViewOf(SqliteConnection c, SqliteTransaction? tx, Account a, PathSpec spec)
    {
        if (spec.Namespace is null)
        {
            return a.View;
        }
        return long.TryParse(spec.Namespace, NumberStyles.None, CultureInfo.InvariantCulture, out long ns) && TeamStore.ViewOf(c, tx, a, ns) is { } view
            ? view
            : throw PathProblemException.Lookup("not_found");
    }

    /// <summary>The lower path of a folder to list ("" = root). Throws PathProblemException not_found / not_folder.</summary>
    public static string ResolveFolder(SqliteConnection c, SqliteTransaction? tx, Account a, PathSpec spec)
    {
        var resolved = Resolve(c, tx, a, spec);
        if (resolved.Lower.Length > 0)
        {
            if (resolved.Existing is null || resolved.Existing.IsDeleted)
            {
                throw PathProblemException.Lookup("not_found");
            }
            if (!resolved.Existing.IsFolder)
            {
                throw PathProblemException.Lookup("not_folder");
            }
        }
        return resolved.Lower;
    }
}
