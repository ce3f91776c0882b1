using Microsoft.Data.Sqlite;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

/// <summary>File versions: files/list_revisions and files/restore read and write the revisions table.</summary>
internal sealed class RevisionStore(Database db)
{
    /// <summary>
    /// files/list_revisions. Path mode: the versions written at that path (whichever file id they had), pageable with
    /// before_rev. Id mode: the versions of the file at that path, following it across moves. Throws PathProblemException
    /// (not_found, not_file) or the route errors invalid_before_rev and before_rev_not_supported.
    /// </summary>
    public RevisionList List(Account a, PathSpec spec, bool byId, int limit, string? beforeRev)
    {
        using var c = db.OpenConnection();
        using var tx = c.BeginTransaction(deferred: true);
        var resolved = PathResolver.Resolve(c, tx, a, spec);
        var item = resolved.Existing;
        if (item is { IsFolder: true, IsDeleted: false })
        {
            throw PathProblemException.Lookup("not_file");
        }
        string filter;
        (string, object?) key;
        long before = long.MaxValue;
        if (byId)
        {
            if (beforeRev is not null)
            {
                throw RouteErrorException.Of("before_rev_not_supported");
            }
            filter = "file_id=$key";
            key = ("$key", item?.Id ?? throw PathProblemException.Lookup("not_found"));
        }
        else
        {
            filter = "path_lower=$key";
            key = ("$key", resolved.Lower);
            if (beforeRev is not null)
            {
                before = Sql.Scalar(c, tx, "SELECT seq FROM revisions WHERE ns=$ns AND rev=$rev AND path_lower=$key",
                    ("$ns", a.NamespaceId), ("$rev", beforeRev), key) as long? ?? throw RouteErrorException.Of("invalid_before_rev");
            }
        }
        var entries = new List<Item>();
        using (var cmd = Sql.Cmd(c, tx, $"SELECT {ItemRows.RevisionColumns} FROM revisions WHERE ns=$ns AND {filter} AND seq < $before ORDER BY seq DESC LIMIT $n",
                   ("$ns", a.NamespaceId), key, ("$before", before), ("$n", limit + 1)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                entries.Add(ItemRows.Read(r));
            }
        }
        if (entries.Count == 0 && beforeRev is null)
        {
            throw PathProblemException.Lookup("not_found");
        }
        bool hasMore = entries.Count > limit;
        if (hasMore)
        {
            entries.RemoveAt(entries.Count - 1);
        }
        bool isDeleted = item is null || item.IsDeleted;
        long? deletedAt = isDeleted
            ? Sql.Scalar(c, tx, "SELECT MAX(at) FROM journal WHERE ns=$ns AND path_lower=$p AND kind='deleted'", ("$ns", a.NamespaceId), ("$p", resolved.Lower)) as long?
            : null;
        return new RevisionList(isDeleted, deletedAt, entries, hasMore);
    }

    /// <summary>
    /// files/restore: writes the content of <paramref name="rev"/> as a new version at the path. Throws the route error
    /// invalid_revision or PathProblemException (lookup or write tags).
    /// </summary>
    public Task<Item> RestoreAsync(Account a, PathSpec spec, string rev, CancellationToken ct = default) =>
        db.WriteAsync(w =>
        {
            var revision = ReadRevision(w.Connection, w.Transaction, a.NamespaceId, rev) ?? throw RouteErrorException.Of("invalid_revision");
            var (parentLower, parentDisplay, name) = w.PrepareLeaf(a, spec);
            long ns = a.NamespaceId;
            string lower = parentLower + "/" + PathRules.LowerName(name);
            var existing = w.GetLive(ns, lower);
            if (existing is { IsFolder: true })
            {
                throw PathProblemException.Write("conflict", "folder");
            }
            string? id = existing?.Id ?? (ItemRows.GetLiveById(w.Connection, w.Transaction, ns, revision.Id) is null ? revision.Id : null);
            return w.Reread(w.PutFile(ns, lower, existing?.PathDisplay ?? parentDisplay + "/" + name, existing?.Name ?? name,
                revision.ContentHash!, revision.Size, revision.ClientModified, id, revision.Exports));
        }, ct);

    private static Item? ReadRevision(SqliteConnection c, SqliteTransaction tx, long ns, string rev)
    {
        using var cmd = Sql.Cmd(c, tx, $"SELECT {ItemRows.RevisionColumns} FROM revisions WHERE ns=$ns AND rev=$rev", ("$ns", ns), ("$rev", rev));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ItemRows.Read(r) : null;
    }
}
