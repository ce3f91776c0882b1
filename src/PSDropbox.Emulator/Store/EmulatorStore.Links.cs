using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Store;

/// <summary>A files/get_temporary_link link: a snapshot of one file revision, served without auth until it expires.</summary>
internal sealed record TemporaryLink(string Token, long Ns, string FileId, string Name, string ContentHash, long Size, long ExpiresAt);

internal sealed partial class EmulatorStore
{
    private const string LinksSchema = """
        CREATE TABLE IF NOT EXISTS temporary_links(
            token TEXT PRIMARY KEY, ns INTEGER NOT NULL, file_id TEXT NOT NULL, name TEXT NOT NULL,
            content_hash TEXT NOT NULL, size INTEGER NOT NULL, expires_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS copy_references(
            ref TEXT PRIMARY KEY, account_id TEXT NOT NULL, ns INTEGER NOT NULL, item_id TEXT NOT NULL, created INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS shared_links(
            id TEXT PRIMARY KEY, rlkey TEXT NOT NULL, account_id TEXT NOT NULL, ns INTEGER NOT NULL, item_id TEXT NOT NULL,
            password TEXT, expires INTEGER, audience TEXT NOT NULL, access TEXT NOT NULL, allow_download INTEGER NOT NULL,
            revoked INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS shared_links_item ON shared_links(ns, item_id);
        CREATE INDEX IF NOT EXISTS shared_links_account ON shared_links(account_id, id);
        """;

    /// <summary>How long temporary links work (EmulatorOptions.TemporaryLinkLifetime).</summary>
    public TimeSpan TemporaryLinkLifetime { get; set; } = TimeSpan.FromHours(4);

    public static string NewLinkToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));

    /// <summary>files/get_temporary_link: the live file at <paramref name="spec"/> and a new link to its current content.</summary>
    public async Task<(Item File, TemporaryLink Link)> CreateTemporaryLinkAsync(Account a, PathSpec spec, CancellationToken ct)
    {
        var item = GetItem(a, spec);
        if (item is null || item.IsDeleted)
        {
            throw PathProblemException.Lookup("not_found");
        }
        if (item.IsFolder)
        {
            throw PathProblemException.Lookup("not_file");
        }
        var link = new TemporaryLink(NewLinkToken(), a.NamespaceId, item.Id, item.Name, item.ContentHash!, item.Size,
            Clock.Now() + (long)TemporaryLinkLifetime.TotalSeconds);
        await WriteAsync(w =>
        {
            Exec(w.Connection, w.Transaction, """
                INSERT INTO temporary_links(token, ns, file_id, name, content_hash, size, expires_at)
                VALUES($t, $ns, $id, $name, $hash, $size, $exp)
                """, ("$t", link.Token), ("$ns", link.Ns), ("$id", link.FileId), ("$name", link.Name), ("$hash", link.ContentHash),
                ("$size", link.Size), ("$exp", link.ExpiresAt));
            return 0;
        }, ct).ConfigureAwait(false);
        return (item, link);
    }

    public TemporaryLink? GetTemporaryLink(string token)
    {
        using var c = OpenConnection();
        using var cmd = Cmd(c, null, "SELECT token, ns, file_id, name, content_hash, size, expires_at FROM temporary_links WHERE token=$t", ("$t", token));
        using var r = cmd.ExecuteReader();
        return r.Read() ? new TemporaryLink(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5), r.GetInt64(6)) : null;
    }

    public Item? GetLiveItemById(long ns, string id)
    {
        using var c = OpenConnection();
        return GetLiveById(c, null, ns, id);
    }

    // ---------------------------------------------------------------- copy references

    /// <summary>copy_reference/get: the live item and a reference any account can save.</summary>
    public async Task<(Item Item, string Reference)> CreateCopyReferenceAsync(Account a, PathSpec spec, CancellationToken ct)
    {
        var item = GetItem(a, spec);
        if (item is null || item.IsDeleted)
        {
            throw PathProblemException.Lookup("not_found");
        }
        string reference = "CR1" + NewLinkToken();
        await WriteAsync(w =>
        {
            Exec(w.Connection, w.Transaction, "INSERT INTO copy_references(ref, account_id, ns, item_id, created) VALUES($r, $a, $ns, $id, $now)",
                ("$r", reference), ("$a", a.AccountId), ("$ns", a.NamespaceId), ("$id", item.Id), ("$now", w.Now));
            return 0;
        }, ct).ConfigureAwait(false);
        return (item, reference);
    }

    /// <summary>
    /// copy_reference/save: copies the referenced file or folder tree (from whichever account made the reference) to
    /// <paramref name="dest"/> in <paramref name="a"/>'s namespace. Blobs are content-addressed, so only metadata is copied.
    /// Throws <see cref="CopyReferenceException"/> (invalid_copy_reference / not_found / too_many_files) or PathProblemException (write tags).
    /// </summary>
    public Task<Item> SaveCopyReferenceAsync(Account a, string reference, PathSpec dest, CancellationToken ct) =>
        WriteAsync(w =>
        {
            long srcNs;
            string itemId;
            using (var cmd = Cmd(w.Connection, w.Transaction, "SELECT ns, item_id FROM copy_references WHERE ref=$r", ("$r", reference)))
            using (var r = cmd.ExecuteReader())
            {
                if (!r.Read())
                {
                    throw new CopyReferenceException("invalid_copy_reference");
                }
                srcNs = r.GetInt64(0);
                itemId = r.GetString(1);
            }
            var source = GetLiveById(w.Connection, w.Transaction, srcNs, itemId) ?? throw new CopyReferenceException("not_found");
            var (parentLower, parentDisplay, name) = w.PrepareLeaf(a, dest);
            long ns = a.NamespaceId;
            string lower = parentLower + "/" + PathRules.LowerName(name);
            if (w.GetLive(ns, lower) is { } existing)
            {
                throw PathProblemException.Write("conflict", existing.IsFolder ? "folder" : "file");
            }
            if (srcNs == ns && (lower == source.PathLower || lower.StartsWith(source.PathLower + "/", StringComparison.Ordinal)))
            {
                throw PathProblemException.Write("conflict", "folder");
            }
            string display = parentDisplay + "/" + name;
            if (!source.IsFolder)
            {
                return w.PutFile(ns, lower, display, name, source.ContentHash!, source.Size, source.ClientModified);
            }
            var descendants = Descendants(w.Connection, w.Transaction, srcNs, source.PathLower);
            if (descendants.Count + 1 > MaxSearchMatches)
            {
                throw new CopyReferenceException("too_many_files");
            }
            var folder = w.AddFolder(ns, lower, display, name);
            foreach (var d in descendants)
            {
                string rel = d.PathDisplay[source.PathDisplay.Length..];
                string relLower = d.PathLower[source.PathLower.Length..];
                if (d.IsFolder)
                {
                    w.AddFolder(ns, lower + relLower, display + rel, d.Name);
                }
                else
                {
                    w.PutFile(ns, lower + relLower, display + rel, d.Name, d.ContentHash!, d.Size, d.ClientModified);
                }
            }
            return folder;
        }, ct);

    /// <summary>Live items strictly below a folder, parents before children.</summary>
    private static List<Item> Descendants(SqliteConnection c, SqliteTransaction tx, long ns, string folderLower)
    {
        var list = new List<Item>();
        using var cmd = Cmd(c, tx, $"""
            SELECT {ItemColumns} FROM items WHERE ns=$ns AND deleted=0 AND path_lower != $scope AND {ScopeSql(folderLower, recursive: true)}
            ORDER BY path_lower
            """, [("$ns", ns), .. ScopeArgs(folderLower)]);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(ReadItem(r));
        }
        return list;
    }
}

/// <summary>A copy_reference/save failure that is not about the destination path.</summary>
internal sealed class CopyReferenceException(string tag) : Exception(tag)
{
    public string Tag { get; } = tag;
}
