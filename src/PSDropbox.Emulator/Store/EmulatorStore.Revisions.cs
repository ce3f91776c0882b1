using Microsoft.Data.Sqlite;
using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Store;

/// <summary>files/list_revisions result: newest first.</summary>
internal sealed record RevisionList(bool IsDeleted, long? ServerDeleted, IReadOnlyList<Item> Entries, bool HasMore);

internal sealed partial class EmulatorStore
{
    private const string RevisionColumns =
        "ns, path_lower, path_display, name, file_id, 0, 0, rev, size, content_hash, client_modified, server_modified";

    /// <summary>
    /// files/list_revisions. Path mode: the versions written at that path (whichever file id they had), pageable with
    /// before_rev. Id mode: the versions of the file at that path, following it across moves. Throws PathProblemException
    /// with the full ListRevisionsError chain (path/not_found, path/not_file, invalid_before_rev, before_rev_not_supported).
    /// </summary>
    public RevisionList ListRevisions(Account a, PathSpec spec, bool byId, int limit, string? beforeRev)
    {
        using var c = OpenConnection();
        using var tx = c.BeginTransaction(deferred: true);
        Resolved resolved;
        try
        {
            resolved = Resolve(c, tx, a, spec);
        }
        catch (PathProblemException p)
        {
            throw PathProblemException.Lookup(["path", .. p.Tags]);
        }
        var item = resolved.Existing;
        if (item is { IsFolder: true, IsDeleted: false })
        {
            throw PathProblemException.Lookup("path", "not_file");
        }
        string filter;
        (string, object?) key;
        long before = long.MaxValue;
        if (byId)
        {
            if (beforeRev is not null)
            {
                throw PathProblemException.Lookup("before_rev_not_supported");
            }
            filter = "file_id=$key";
            key = ("$key", item?.Id ?? throw PathProblemException.Lookup("path", "not_found"));
        }
        else
        {
            filter = "path_lower=$key";
            key = ("$key", resolved.Lower);
            if (beforeRev is not null)
            {
                before = Scalar(c, tx, "SELECT seq FROM revisions WHERE ns=$ns AND rev=$rev AND path_lower=$key",
                    ("$ns", a.NamespaceId), ("$rev", beforeRev), key) as long? ?? throw PathProblemException.Lookup("invalid_before_rev");
            }
        }
        var entries = new List<Item>();
        using (var cmd = Cmd(c, tx, $"SELECT {RevisionColumns} FROM revisions WHERE ns=$ns AND {filter} AND seq < $before ORDER BY seq DESC LIMIT $n",
                   ("$ns", a.NamespaceId), key, ("$before", before), ("$n", limit + 1)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                entries.Add(ReadItem(r));
            }
        }
        if (entries.Count == 0 && beforeRev is null)
        {
            throw PathProblemException.Lookup("path", "not_found");
        }
        bool hasMore = entries.Count > limit;
        if (hasMore)
        {
            entries.RemoveAt(entries.Count - 1);
        }
        bool isDeleted = item is null || item.IsDeleted;
        long? deletedAt = isDeleted
            ? Scalar(c, tx, "SELECT MAX(at) FROM journal WHERE ns=$ns AND path_lower=$p AND kind='deleted'", ("$ns", a.NamespaceId), ("$p", resolved.Lower)) as long?
            : null;
        return new RevisionList(isDeleted, deletedAt, entries, hasMore);
    }

    /// <summary>files/restore: writes the content of <paramref name="rev"/> as a new version at the path.</summary>
    public Task<Item> RestoreAsync(Account a, PathSpec spec, string rev, CancellationToken ct = default) =>
        WriteAsync(w =>
        {
            var revision = ReadRevision(w.Connection, w.Transaction, a.NamespaceId, rev) ?? throw PathProblemException.Write("invalid_revision");
            string parentLower, parentDisplay, name;
            try
            {
                (parentLower, parentDisplay, name) = w.PrepareLeaf(a, spec);
            }
            catch (PathProblemException p)
            {
                throw new PathProblemException(p.IsLookup, [p.IsLookup ? "path_lookup" : "path_write", .. p.Tags]);
            }
            long ns = a.NamespaceId;
            string lower = parentLower + "/" + PathRules.LowerName(name);
            var existing = w.GetLive(ns, lower);
            if (existing is { IsFolder: true })
            {
                throw PathProblemException.Write("path_write", "conflict", "folder");
            }
            string? id = existing?.Id ?? (GetLiveById(w.Connection, w.Transaction, ns, revision.Id) is null ? revision.Id : null);
            return w.PutFile(ns, lower, existing?.PathDisplay ?? parentDisplay + "/" + name, existing?.Name ?? name,
                revision.ContentHash!, revision.Size, revision.ClientModified, id);
        }, ct);

    private static Item? ReadRevision(SqliteConnection c, SqliteTransaction tx, long ns, string rev)
    {
        using var cmd = Cmd(c, tx, $"SELECT {RevisionColumns} FROM revisions WHERE ns=$ns AND rev=$rev", ("$ns", ns), ("$rev", rev));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadItem(r) : null;
    }
}
