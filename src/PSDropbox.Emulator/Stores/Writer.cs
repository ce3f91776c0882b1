using Microsoft.Data.Sqlite;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

/// <summary>
/// Mutation primitives inside one write transaction (see <see cref="Database.WriteAsync{T}"/>).
/// Every change to the tree appends a journal row through <see cref="Journal"/> — the one place cursors,
/// get_latest_cursor and longpoll depend on.
/// </summary>
internal sealed partial class Writer : IDisposable
{
    private SqliteCommand? _upsert;
    private SqliteCommand? _journal;
    private SqliteCommand? _revision;

    public Writer(SqliteConnection connection, SqliteTransaction transaction)
    {
        Connection = connection;
        Transaction = transaction;
        Now = EmulatorClock.WallNow();
    }

    public SqliteConnection Connection { get; }
    public SqliteTransaction Transaction { get; }
    public long Now { get; }
    public int JournalRows { get; private set; }

    public Item? Get(long ns, string lower) => ItemRows.Get(Connection, Transaction, ns, lower);

    public Item? GetLive(long ns, string lower) => Get(ns, lower) is { IsDeleted: false } i ? i : null;

    /// <summary>Appends one journal row (kind: file | folder | deleted). The only writer of the journal table.</summary>
    public long Journal(long ns, string lower, string display, string kind)
    {
        if (_journal is null)
        {
            _journal = Sql.Cmd(Connection, Transaction,
                "INSERT INTO journal(ns, path_lower, parent_lower, path_display, kind, at) VALUES($ns, $p, $parent, $d, $k, $at); SELECT last_insert_rowid();",
                ("$ns", 0L), ("$p", ""), ("$parent", ""), ("$d", ""), ("$k", ""), ("$at", 0L));
            _journal.Prepare();
        }
        _journal.Parameters["$ns"].Value = ns;
        _journal.Parameters["$p"].Value = lower;
        _journal.Parameters["$parent"].Value = PathRules.ParentOf(lower);
        _journal.Parameters["$d"].Value = display;
        _journal.Parameters["$k"].Value = kind;
        _journal.Parameters["$at"].Value = Now;
        JournalRows++;
        return (long)_journal.ExecuteScalar()!;
    }

    /// <summary>Inserts or replaces the row at item.PathLower (a deleted row at that path is overwritten).</summary>
    public void Upsert(Item item)
    {
        if (_upsert is null)
        {
            _upsert = Sql.Cmd(Connection, Transaction, """
                INSERT OR REPLACE INTO items(ns, path_lower, parent_lower, name, path_display, id, is_folder, deleted, rev, size, content_hash, client_modified, server_modified, exports)
                VALUES($ns, $p, $parent, $name, $d, $id, $f, $del, $rev, $size, $hash, $cm, $sm, $exports)
                """, ("$ns", 0L), ("$p", ""), ("$parent", ""), ("$name", ""), ("$d", ""), ("$id", ""), ("$f", 0L), ("$del", 0L),
                ("$rev", null), ("$size", 0L), ("$hash", null), ("$cm", null), ("$sm", null), ("$exports", null));
            _upsert.Prepare();
        }
        var p = _upsert.Parameters;
        p["$ns"].Value = item.Ns;
        p["$p"].Value = item.PathLower;
        p["$parent"].Value = PathRules.ParentOf(item.PathLower);
        p["$name"].Value = item.Name;
        p["$d"].Value = item.PathDisplay;
        p["$id"].Value = item.Id;
        p["$f"].Value = item.IsFolder ? 1L : 0L;
        p["$del"].Value = item.IsDeleted ? 1L : 0L;
        p["$rev"].Value = (object?)item.Rev ?? DBNull.Value;
        p["$size"].Value = item.Size;
        p["$hash"].Value = (object?)item.ContentHash ?? DBNull.Value;
        p["$cm"].Value = item.IsFolder ? DBNull.Value : item.ClientModified;
        p["$sm"].Value = item.IsFolder ? DBNull.Value : item.ServerModified;
        p["$exports"].Value = (object?)ItemRows.EncodeExports(item.Exports) ?? DBNull.Value;
        _upsert.ExecuteNonQuery();
    }

    public Item AddFolder(long ns, string lower, string display, string name)
    {
        var item = new Item(ns, lower, display, name, Ids.NewFileId(), true, false, null, 0, null, 0, 0);
        Upsert(item);
        Journal(ns, lower, display, "folder");
        return item;
    }

    /// <summary>
    /// Writes a file version (new rev + revision row + journal). Keeps <paramref name="id"/> when overwriting; with
    /// <paramref name="exports"/> the file is export-only.
    /// </summary>
    public Item PutFile(long ns, string lower, string display, string name, string contentHash, long size, long clientModified, string? id = null,
        IReadOnlyList<ExportFormat>? exports = null)
    {
        var item = new Item(ns, lower, display, name, id ?? Ids.NewFileId(), false, false, Ids.NewRev(), size, contentHash, clientModified, Now, exports);
        Upsert(item);
        long seq = Journal(ns, lower, display, "file");
        if (_revision is null)
        {
            _revision = Sql.Cmd(Connection, Transaction, """
                INSERT INTO revisions(rev, ns, file_id, path_lower, path_display, name, size, content_hash, client_modified, server_modified, seq, exports)
                VALUES($rev, $ns, $id, $p, $d, $name, $size, $hash, $cm, $sm, $seq, $exports)
                """, ("$rev", ""), ("$ns", 0L), ("$id", ""), ("$p", ""), ("$d", ""), ("$name", ""), ("$size", 0L), ("$hash", ""), ("$cm", 0L), ("$sm", 0L), ("$seq", 0L),
                ("$exports", null));
            _revision.Prepare();
        }
        var p = _revision.Parameters;
        p["$rev"].Value = item.Rev;
        p["$ns"].Value = ns;
        p["$id"].Value = item.Id;
        p["$p"].Value = lower;
        p["$d"].Value = display;
        p["$name"].Value = name;
        p["$size"].Value = size;
        p["$hash"].Value = contentHash;
        p["$cm"].Value = clientModified;
        p["$sm"].Value = Now;
        p["$seq"].Value = seq;
        p["$exports"].Value = (object?)ItemRows.EncodeExports(exports) ?? DBNull.Value;
        _revision.ExecuteNonQuery();
        return item;
    }

    /// <summary>Marks the item at <paramref name="lower"/> and every live descendant deleted, one journal row each.</summary>
    public int DeleteSubtree(long ns, string lower)
    {
        (string, object?)[] args = [("$ns", ns), ("$at", Now), .. ItemRows.ScopeArgs(lower)];
        string scope = ItemRows.ScopeSql(lower, recursive: true);
        using (var cmd = Sql.Cmd(Connection, Transaction, $"""
            INSERT INTO journal(ns, path_lower, parent_lower, path_display, kind, at)
            SELECT ns, path_lower, parent_lower, path_display, 'deleted', $at FROM items
            WHERE ns=$ns AND deleted=0 AND {scope} ORDER BY path_lower
            """, args))
        {
            JournalRows += cmd.ExecuteNonQuery();
        }
        using var upd = Sql.Cmd(Connection, Transaction, $"UPDATE items SET deleted=1 WHERE ns=$ns AND deleted=0 AND {scope}", args);
        return upd.ExecuteNonQuery();
    }

    /// <summary>
    /// Validates a write target (WritePath with segments), creates missing parent folders (Dropbox does) and returns the
    /// parent's lower/display path and the leaf name. A file in the parent chain → conflict/file_ancestor; a target in a
    /// read-only shared folder → no_write_permission.
    /// </summary>
    public (string ParentLower, string ParentDisplay, string Name) PrepareLeaf(Account a, PathSpec spec)
    {
        var view = PathResolver.ViewOf(Connection, Transaction, a, spec);
        if (spec.Kind == PathKind.Id)
        {
            var baseItem = ItemRows.GetLiveById(Connection, Transaction, a.NamespaceId, spec.Id!) is { } found && view.Contains(found.PathLower)
                ? found
                : throw PathProblemException.Lookup("not_found");
            CheckWritable(a.NamespaceId, baseItem.PathLower + (spec.Segments.Count == 0 ? "" : PathRules.LowerPath("/" + string.Join('/', spec.Segments))));
            if (spec.Segments.Count == 0)
            {
                return (PathRules.ParentOf(baseItem.PathLower), PathRules.ParentOf(baseItem.PathDisplay), baseItem.Name);
            }
            if (!baseItem.IsFolder)
            {
                throw PathProblemException.Write("conflict", "file_ancestor");
            }
            var (pl, pd) = EnsureFolders(a.NamespaceId, baseItem.PathLower, baseItem.PathDisplay, spec.Segments, spec.Segments.Count - 1);
            return (pl, pd, spec.Segments[^1]);
        }
        if (spec.Kind != PathKind.Path || spec.Segments.Count == 0)
        {
            throw PathProblemException.Write("malformed_path");
        }
        // The top of the team space holds only the homes and team folders the team manages; a member writes inside them.
        if (view.IsTeamRoot && (spec.Segments.Count == 1 || !view.Contains(view.PrefixLower + "/" + PathRules.LowerName(spec.Segments[0]))))
        {
            throw PathProblemException.Write("no_write_permission");
        }
        CheckWritable(a.NamespaceId, view.PrefixLower + spec.LowerPath!);
        var (lower, display) = EnsureFolders(a.NamespaceId, view.PrefixLower, view.PrefixDisplay, spec.Segments, spec.Segments.Count - 1);
        return (lower, display, spec.Segments[^1]);
    }

    /// <summary>Walks/creates folders for segments[0..count) below (lower, display).</summary>
    public (string Lower, string Display) EnsureFolders(long ns, string lower, string display, IReadOnlyList<string> segments, int count)
    {
        for (int i = 0; i < count; i++)
        {
            string name = segments[i];
            string l = lower + "/" + PathRules.LowerName(name);
            var existing = GetLive(ns, l);
            if (existing is null)
            {
                existing = AddFolder(ns, l, display + "/" + name, name);
            }
            else if (!existing.IsFolder)
            {
                throw PathProblemException.Write("conflict", "file_ancestor");
            }
            lower = l;
            display = existing.PathDisplay;
        }
        return (lower, display);
    }

    /// <summary>Refuses (no_write_permission) a change at or below a path in a read-only shared folder.</summary>
    public void CheckWritable(long ns, string lower)
    {
        if (ItemRows.IsReadOnly(Connection, Transaction, ns, lower))
        {
            throw PathProblemException.Write("no_write_permission");
        }
    }

    /// <summary>
    /// The top of a team space holds the members' homes and the team folders: none of them can be deleted or moved away
    /// (WriteError team_folder for a team folder, no_write_permission for a home).
    /// </summary>
    public void CheckNotManaged(Account a, Item item)
    {
        if (a.Membership is null || !item.IsFolder || PathRules.ParentOf(item.PathLower).Length != 0)
        {
            return;
        }
        throw PathProblemException.Write(
            Sql.Scalar(Connection, Transaction, "SELECT 1 FROM team_folders WHERE path_lower=$p", ("$p", item.PathLower)) is null ? "no_write_permission" : "team_folder");
    }

    /// <summary>The row of an item just written, read back with what only the database knows (its shared folder).</summary>
    public Item Reread(Item item) => Get(item.Ns, item.PathLower) ?? item;

    /// <summary>First free "name (n)" in the parent folder.</summary>
    public string FreeName(long ns, string parentLower, string name, bool isFile)
    {
        for (int n = 1; ; n++)
        {
            string candidate = PathRules.Autorename(name, n, isFile);
            if (GetLive(ns, parentLower + "/" + PathRules.LowerName(candidate)) is null)
            {
                return candidate;
            }
        }
    }

    public void Dispose()
    {
        _upsert?.Dispose();
        _journal?.Dispose();
        _revision?.Dispose();
    }
}
