using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

/// <summary>
/// Each account's file tree: a row per path (live or deleted, keyed by NFC-lowercased path, names case-preserved) and a
/// revision row per file version. Reads resolve paths; every change runs in one <see cref="Writer"/> transaction, which
/// journals it.
/// </summary>
internal sealed class TreeStore(Database db)
{
    public const long AllocatedBytes = 2199023255552; // 2 TiB

    public Item? GetItem(Account a, PathSpec spec) => Resolve(a, spec).Existing;

    /// <summary>Where a path points for the account (through its view), existing or not.</summary>
    public Resolved Resolve(Account a, PathSpec spec)
    {
        using var c = db.OpenConnection();
        return PathResolver.Resolve(c, null, a, spec);
    }

    public Item? GetLiveItemById(long ns, string id)
    {
        using var c = db.OpenConnection();
        return ItemRows.GetLiveById(c, null, ns, id);
    }

    /// <summary>The live item at a lower-cased path of a namespace, or null.</summary>
    public Item? GetLiveItem(long ns, string lower)
    {
        using var c = db.OpenConnection();
        return ItemRows.Get(c, null, ns, lower) is { IsDeleted: false } item ? item : null;
    }

    /// <summary>Bytes of the account's files: its namespace, or a member's home (with <paramref name="wholeNamespace"/>: the whole team space).</summary>
    public long UsedSpace(Account a, bool wholeNamespace = false)
    {
        string home = wholeNamespace ? "" : a.Membership?.HomeLower ?? "";
        using var c = db.OpenConnection();
        return Sql.Scalar(c, null, $"SELECT COALESCE(SUM(size),0) FROM items WHERE ns=$ns AND deleted=0 AND is_folder=0 AND {ItemRows.ScopeSql(home, recursive: true)}",
            [("$ns", a.NamespaceId), .. ItemRows.ScopeArgs(home)]) is long l ? l : 0;
    }

    /// <summary>Live items strictly below a folder (for zips of a folder).</summary>
    public List<Item> LiveDescendants(long ns, string folderLower)
    {
        using var c = db.OpenConnection();
        using var tx = c.BeginTransaction(deferred: true);
        return ItemRows.Descendants(c, tx, ns, folderLower);
    }

    /// <summary>Live entries strictly below a folder and the bytes of its files, counted by SQLite (nothing listed in memory).</summary>
    public (long Entries, long Bytes) SubtreeTotals(long ns, string folderLower)
    {
        using var c = db.OpenConnection();
        using var cmd = Sql.Cmd(c, null, $"""
            SELECT COUNT(*), COALESCE(SUM(size), 0) FROM items
            WHERE ns=$ns AND deleted=0 AND path_lower != $scope AND {ItemRows.ScopeSql(folderLower, recursive: true)}
            """, [("$ns", ns), .. ItemRows.ScopeArgs(folderLower)]);
        using var r = cmd.ExecuteReader();
        r.Read();
        return (r.GetInt64(0), r.GetInt64(1));
    }

    /// <summary>files/create_folder_v2. Creates missing parents. Throws PathProblemException (write tags).</summary>
    public Task<Item> CreateFolderAsync(Account a, PathSpec spec, bool autorename, CancellationToken ct = default) =>
        db.WriteAsync(w =>
        {
            var (parentLower, parentDisplay, name) = w.PrepareLeaf(a, spec);
            long ns = a.NamespaceId;
            string lower = parentLower + "/" + PathRules.LowerName(name);
            var existing = w.Get(ns, lower);
            if (existing is { IsDeleted: false })
            {
                if (!autorename)
                {
                    throw PathProblemException.Write("conflict", existing.IsFolder ? "folder" : "file");
                }
                name = w.FreeName(ns, parentLower, name, isFile: false);
                lower = parentLower + "/" + PathRules.LowerName(name);
            }
            return w.Reread(w.AddFolder(ns, lower, parentDisplay + "/" + name, name));
        }, ct);

    /// <summary>files/delete_v2: marks the item and its subtree deleted; returns the item as it was.</summary>
    public Task<Item> DeleteAsync(Account a, PathSpec spec, string? parentRev, CancellationToken ct = default) =>
        db.WriteAsync(w =>
        {
            if (spec.Kind is PathKind.Root or PathKind.Rev)
            {
                throw PathProblemException.Lookup("malformed_path");
            }
            var item = PathResolver.Resolve(w.Connection, w.Transaction, a, spec).Existing;
            if (item is null || item.IsDeleted)
            {
                throw PathProblemException.Lookup("not_found");
            }
            if (!item.IsFolder && parentRev is not null && parentRev != item.Rev)
            {
                throw PathProblemException.Write("conflict", "file");
            }
            w.CheckWritable(a.NamespaceId, item.PathLower);
            w.CheckNotManaged(a, item);
            w.DeleteSubtree(a.NamespaceId, item.PathLower);
            return item;
        }, ct);

    /// <summary>files/permanently_delete: deletes (if still live), then forgets the entries and their revisions.</summary>
    public Task PermanentlyDeleteAsync(Account a, PathSpec spec, string? parentRev, CancellationToken ct = default) =>
        db.WriteAsync(w =>
        {
            if (spec.Kind is PathKind.Root or PathKind.Rev)
            {
                throw PathProblemException.Lookup("malformed_path");
            }
            var item = PathResolver.Resolve(w.Connection, w.Transaction, a, spec).Existing ?? throw PathProblemException.Lookup("not_found");
            w.CheckWritable(a.NamespaceId, item.PathLower);
            w.CheckNotManaged(a, item);
            if (!item.IsDeleted)
            {
                if (!item.IsFolder && parentRev is not null && parentRev != item.Rev)
                {
                    throw PathProblemException.Write("conflict", "file");
                }
                w.DeleteSubtree(a.NamespaceId, item.PathLower);
            }
            w.PurgeSubtree(a.NamespaceId, item.PathLower);
            return true;
        }, ct);

    /// <summary>files/copy_v2 and files/move_v2 (see <see cref="Writer.Relocate"/>).</summary>
    public Task<Item> RelocateAsync(Account a, PathSpec from, PathSpec to, bool move, bool autorename, CancellationToken ct = default) =>
        db.WriteAsync(w => w.Reread(w.Relocate(a, from, to, move, autorename)), ct);

    /// <summary>
    /// Writes an export-only file (is_downloadable false) at the path, replacing a file there (keeping its id). The
    /// bytes of every export must already be in the blob store; the first export is also the file's own content.
    /// </summary>
    public Task<Item> PutExportOnlyAsync(Account a, PathSpec spec, IReadOnlyList<ExportFormat> exports, CancellationToken ct = default) =>
        db.WriteAsync(w =>
        {
            var (parentLower, parentDisplay, name) = w.PrepareLeaf(a, spec);
            long ns = a.NamespaceId;
            string lower = parentLower + "/" + PathRules.LowerName(name);
            var existing = w.GetLive(ns, lower);
            if (existing is { IsFolder: true })
            {
                throw PathProblemException.Write("conflict", "folder");
            }
            return w.Reread(w.PutFile(ns, lower, existing?.PathDisplay ?? parentDisplay + "/" + name, existing?.Name ?? name,
                exports[0].ContentHash, exports[0].Size, w.Now, existing?.Id, exports));
        }, ct);

    /// <summary>
    /// Commits stored content (<paramref name="contentHash"/> must already be in the blob store) at the commit's path,
    /// applying the WriteMode conflict rules. Throws PathProblemException (write tags) on a conflict.
    /// </summary>
    public Task<Item> CommitFileAsync(Account a, CommitInfo commit, string contentHash, long size, CancellationToken ct = default) =>
        db.WriteAsync(w => w.Reread(w.CommitFile(a, commit, contentHash, size)), ct);
}
