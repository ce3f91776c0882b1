using System.Text.Json;
using Microsoft.Data.Sqlite;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

/// <summary>Reading the items table (one row per path, live or deleted) and the SQL of a folder scope.</summary>
internal static class ItemRows
{
    public const string Columns =
        "ns, path_lower, path_display, name, id, is_folder, deleted, rev, size, content_hash, client_modified, server_modified, exports, " + SharingColumn;

    /// <summary>
    /// The innermost live shared folder holding the row (or being it), as "shared_folder_id\nread_only\npath_lower\nowner"
    /// (null outside shared folders). Used in queries over the items table, unaliased.
    /// </summary>
    private const string SharingColumn = """
        (SELECT sf.shared_folder_id || char(10) || sf.read_only || char(10) || f.path_lower || char(10)
                || COALESCE((SELECT a.account_id FROM accounts a WHERE a.ns = sf.ns), '')
         FROM shared_folders sf CROSS JOIN items f ON f.ns = sf.ns AND f.id = sf.folder_id AND f.deleted = 0
         WHERE sf.ns = items.ns AND (items.path_lower = f.path_lower OR substr(items.path_lower, 1, length(f.path_lower) + 1) = f.path_lower || '/')
         ORDER BY length(f.path_lower) DESC LIMIT 1)
        """;

    /// <summary>The revisions table read in the shape of <see cref="Columns"/> (a file version as a live, undeleted item).</summary>
    public const string RevisionColumns =
        "ns, path_lower, path_display, name, file_id, 0, 0, rev, size, content_hash, client_modified, server_modified, exports, NULL";

    /// <summary>Reads a row selected with <see cref="Columns"/> (or the same shape from the revisions table).</summary>
    public static Item Read(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5) != 0, r.GetInt64(6) != 0,
        r.IsDBNull(7) ? null : r.GetString(7), r.GetInt64(8), r.IsDBNull(9) ? null : r.GetString(9),
        r.IsDBNull(10) ? 0 : r.GetInt64(10), r.IsDBNull(11) ? 0 : r.GetInt64(11), r.IsDBNull(12) ? null : DecodeExports(r.GetString(12)),
        r.IsDBNull(13) ? null : DecodeSharing(r.GetString(13), r.GetString(1)));

    private static SharingRef DecodeSharing(string text, string pathLower)
    {
        string[] parts = text.Split('\n');
        return new SharingRef(parts[0], parts[1] == "1", parts[2] == pathLower, parts[3].Length > 0 ? parts[3] : null);
    }

    /// <summary>True when the path is inside (or is) a shared folder the namespace may only read.</summary>
    public static bool IsReadOnly(SqliteConnection c, SqliteTransaction? tx, long ns, string lower) =>
        Sql.Scalar(c, tx, """
            SELECT 1 FROM shared_folders sf CROSS JOIN items f ON f.ns = sf.ns AND f.id = sf.folder_id AND f.deleted = 0
            WHERE sf.ns = $ns AND sf.read_only = 1 AND ($p = f.path_lower OR substr($p, 1, length(f.path_lower) + 1) = f.path_lower || '/')
            LIMIT 1
            """, ("$ns", ns), ("$p", lower)) is not null;

    /// <summary>The exports column: [{"format","hash","size"},...] (null for files that download as they are).</summary>
    public static string? EncodeExports(IReadOnlyList<ExportFormat>? exports) =>
        exports is null ? null : JsonSerializer.Serialize(exports.Select(e => new ExportRow(e.Format, e.ContentHash, e.Size)));

    private static List<ExportFormat> DecodeExports(string json) =>
        [.. JsonSerializer.Deserialize<List<ExportRow>>(json)!.Select(e => new ExportFormat(e.format, e.hash, e.size))];

    private sealed record ExportRow(string format, string hash, long size);

    public static Item? Get(SqliteConnection c, SqliteTransaction? tx, long ns, string lower)
    {
        using var cmd = Sql.Cmd(c, tx, $"SELECT {Columns} FROM items WHERE ns=$ns AND path_lower=$p", ("$ns", ns), ("$p", lower));
        using var r = cmd.ExecuteReader();
        return r.Read() ? Read(r) : null;
    }

    public static Item? GetLiveById(SqliteConnection c, SqliteTransaction? tx, long ns, string id)
    {
        using var cmd = Sql.Cmd(c, tx, $"SELECT {Columns} FROM items WHERE ns=$ns AND id=$id AND deleted=0", ("$ns", ns), ("$id", id));
        using var r = cmd.ExecuteReader();
        return r.Read() ? Read(r) : null;
    }

    /// <summary>Live items strictly below a folder, parents before children.</summary>
    public static List<Item> Descendants(SqliteConnection c, SqliteTransaction? tx, long ns, string folderLower)
    {
        var list = new List<Item>();
        using var cmd = Sql.Cmd(c, tx, $"""
            SELECT {Columns} FROM items WHERE ns=$ns AND deleted=0 AND path_lower != $scope AND {ScopeSql(folderLower, recursive: true)}
            ORDER BY path_lower
            """, [("$ns", ns), .. ScopeArgs(folderLower)]);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(Read(r));
        }
        return list;
    }

    /// <summary>
    /// SQL predicate (on path_lower/parent_lower) for a list_folder scope; binds $scope, $lo, $hi. Through a
    /// <paramref name="view"/> at the team root, only its top folders (the caller's home, the team folders) are in scope.
    /// </summary>
    public static string ScopeSql(string scope, bool recursive, PathView? view = null)
    {
        string sql = recursive
            ? scope.Length == 0 ? "1=1" : "(path_lower >= $scope AND path_lower < $hi AND (path_lower = $scope OR path_lower >= $lo))"
            : "parent_lower = $scope";
        if (scope.Length != 0 || view?.TopFolders is not { } tops)
        {
            return sql;
        }
        var visible = tops.Select((_, i) => $"path_lower = $top{i} OR (path_lower >= $top{i}lo AND path_lower < $top{i}hi)");
        return $"{sql} AND ({(tops.Count == 0 ? "0=1" : string.Join(" OR ", visible))})";
    }

    public static (string, object?)[] ScopeArgs(string scope, PathView? view = null)
    {
        (string, object?)[] args = [("$scope", scope), ("$lo", scope + "/"), ("$hi", scope + "0")];
        if (scope.Length != 0 || view?.TopFolders is not { } tops)
        {
            return args;
        }
        return [.. args, .. tops.SelectMany((top, i) => new (string, object?)[] { ($"$top{i}", top), ($"$top{i}lo", top + "/"), ($"$top{i}hi", top + "0") })];
    }
}
