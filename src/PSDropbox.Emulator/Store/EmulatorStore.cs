using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Store;

/// <summary>Thrown when a cursor points before the journal's retention floor (ListFolderContinueError.reset).</summary>
internal sealed class CursorResetException() : Exception("reset");

/// <summary>
/// The emulator's durable state: SQLite (WAL) at DATA/emulator.db plus content-addressed blobs.
/// Reads open their own pooled connection (parallel-safe); every mutation goes through <see cref="WriteAsync{T}"/>
/// (one writer at a time, one transaction) and every journal row through <see cref="Writer.Journal"/>, which signals
/// <see cref="JournalSignal"/> after commit.
/// </summary>
internal sealed partial class EmulatorStore : IDisposable
{
    public const long AllocatedBytes = 2199023255552; // 2 TiB

    internal const string ItemColumns =
        "ns, path_lower, path_display, name, id, is_folder, deleted, rev, size, content_hash, client_modified, server_modified";

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private TaskCompletionSource _journalSignal = NewSignal();
    private bool _disposed;

    private EmulatorStore(string dataDirectory)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(DataDirectory);
        Blobs = new BlobStore(DataDirectory);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(DataDirectory, "emulator.db"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();
    }

    public string DataDirectory { get; }
    public BlobStore Blobs { get; }

    /// <summary>Completes (and is replaced) whenever a transaction that appended journal rows commits.</summary>
    public Task JournalSignal => Volatile.Read(ref _journalSignal).Task;

    public static EmulatorStore Open(string dataDirectory)
    {
        var store = new EmulatorStore(dataDirectory);
        using var c = store.OpenConnection();
        Exec(c, null, "PRAGMA journal_mode=WAL;");
        Exec(c, null, Schema);
        Exec(c, null, LinksSchema);
        return store;
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS accounts(
            account_id TEXT PRIMARY KEY, ns INTEGER NOT NULL UNIQUE, given_name TEXT NOT NULL, surname TEXT NOT NULL,
            email TEXT NOT NULL, country TEXT NOT NULL, locale TEXT NOT NULL, account_type TEXT NOT NULL,
            is_default INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS tokens(
            token TEXT PRIMARY KEY, account_id TEXT NOT NULL, kind TEXT NOT NULL, expires_at INTEGER,
            family_id TEXT, scope TEXT, created INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS tokens_family ON tokens(family_id);
        CREATE TABLE IF NOT EXISTS token_families(
            family_id TEXT PRIMARY KEY, app_key TEXT NOT NULL, account_id TEXT NOT NULL, scope TEXT NOT NULL,
            pkce INTEGER NOT NULL, created INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS items(
            ns INTEGER NOT NULL, path_lower TEXT NOT NULL, parent_lower TEXT NOT NULL, name TEXT NOT NULL,
            path_display TEXT NOT NULL, id TEXT NOT NULL, is_folder INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
            rev TEXT, size INTEGER NOT NULL DEFAULT 0, content_hash TEXT, client_modified INTEGER, server_modified INTEGER,
            PRIMARY KEY(ns, path_lower)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS items_parent ON items(ns, parent_lower, path_lower);
        CREATE INDEX IF NOT EXISTS items_id ON items(ns, id);
        CREATE TABLE IF NOT EXISTS revisions(
            rev TEXT PRIMARY KEY, ns INTEGER NOT NULL, file_id TEXT NOT NULL, path_lower TEXT NOT NULL,
            path_display TEXT NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL, content_hash TEXT NOT NULL,
            client_modified INTEGER NOT NULL, server_modified INTEGER NOT NULL, seq INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS revisions_path ON revisions(ns, path_lower, seq);
        CREATE INDEX IF NOT EXISTS revisions_id ON revisions(ns, file_id, seq);
        CREATE TABLE IF NOT EXISTS journal(
            seq INTEGER PRIMARY KEY AUTOINCREMENT, ns INTEGER NOT NULL, path_lower TEXT NOT NULL,
            parent_lower TEXT NOT NULL, path_display TEXT NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS journal_ns ON journal(ns, seq);
        CREATE INDEX IF NOT EXISTS journal_path ON journal(ns, path_lower, seq);
        """;

    internal SqliteConnection OpenConnection()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var c = new SqliteConnection(_connectionString);
        c.Open();
        return c;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        using var c = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(c);
        _journalSignal.TrySetCanceled();
    }

    // ---------------------------------------------------------------- helpers

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void SignalJournal()
    {
        var old = Interlocked.Exchange(ref _journalSignal, NewSignal());
        old.TrySetResult();
    }

    internal static SqliteCommand Cmd(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return cmd;
    }

    internal static void Exec(SqliteConnection c, SqliteTransaction? tx, string sql, params (string, object?)[] args)
    {
        using var cmd = Cmd(c, tx, sql, args);
        cmd.ExecuteNonQuery();
    }

    internal static object? Scalar(SqliteConnection c, SqliteTransaction? tx, string sql, params (string, object?)[] args)
    {
        using var cmd = Cmd(c, tx, sql, args);
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static string NewId() => "id:" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    public static string NewRev() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    internal static Item ReadItem(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5) != 0, r.GetInt64(6) != 0,
        r.IsDBNull(7) ? null : r.GetString(7), r.GetInt64(8), r.IsDBNull(9) ? null : r.GetString(9),
        r.IsDBNull(10) ? 0 : r.GetInt64(10), r.IsDBNull(11) ? 0 : r.GetInt64(11));

    internal static Item? GetItem(SqliteConnection c, SqliteTransaction? tx, long ns, string lower)
    {
        using var cmd = Cmd(c, tx, $"SELECT {ItemColumns} FROM items WHERE ns=$ns AND path_lower=$p", ("$ns", ns), ("$p", lower));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadItem(r) : null;
    }

    internal static Item? GetLiveById(SqliteConnection c, SqliteTransaction? tx, long ns, string id)
    {
        using var cmd = Cmd(c, tx, $"SELECT {ItemColumns} FROM items WHERE ns=$ns AND id=$id AND deleted=0", ("$ns", ns), ("$id", id));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadItem(r) : null;
    }

    internal static long LatestSeq(SqliteConnection c, SqliteTransaction? tx) =>
        Scalar(c, tx, "SELECT seq FROM sqlite_sequence WHERE name='journal'") is long l ? l : 0;

    /// <summary>SQL predicate (on path_lower/parent_lower) for a list_folder scope; binds $scope, $lo, $hi.</summary>
    internal static string ScopeSql(string scope, bool recursive) =>
        recursive
            ? scope.Length == 0 ? "1=1" : "(path_lower >= $scope AND path_lower < $hi AND (path_lower = $scope OR path_lower >= $lo))"
            : "parent_lower = $scope";

    internal static (string, object?)[] ScopeArgs(string scope) => [("$scope", scope), ("$lo", scope + "/"), ("$hi", scope + "0")];

    // ---------------------------------------------------------------- accounts and tokens

    public Account EnsureDefaultAccount()
    {
        var existing = DefaultAccount();
        if (existing is not null)
        {
            return existing;
        }
        _writeLock.Wait();
        try
        {
            existing = DefaultAccount();
            if (existing is not null)
            {
                return existing;
            }
            string accountId = "dbid:" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(27))[..35];
            long ns = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue);
            using var c = OpenConnection();
            Exec(c, null, """
                INSERT INTO accounts(account_id, ns, given_name, surname, email, country, locale, account_type, is_default, created)
                VALUES($id, $ns, 'Emulator', 'User', 'user@emulator.local', 'US', 'en', 'basic', 1, $now)
                """, ("$id", accountId), ("$ns", ns), ("$now", Now()));
            return DefaultAccount()!;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Account? DefaultAccount()
    {
        using var c = OpenConnection();
        var id = Scalar(c, null, "SELECT account_id FROM accounts WHERE is_default=1") as string;
        return id is null ? null : GetAccount(id);
    }

    public Account? GetAccount(string accountId)
    {
        if (_accounts.TryGetValue(accountId, out var cached))
        {
            return cached;
        }
        using var c = OpenConnection();
        using var cmd = Cmd(c, null,
            "SELECT account_id, ns, given_name, surname, email, country, locale, account_type FROM accounts WHERE account_id=$id",
            ("$id", accountId));
        using var r = cmd.ExecuteReader();
        if (!r.Read())
        {
            return null;
        }
        var a = new Account(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7));
        _accounts[accountId] = a;
        return a;
    }

    /// <summary>Adds or replaces a token. kind: "long_lived", "short_lived", "refresh"; expiresAt: unix seconds or null.</summary>
    public void PutToken(string token, string accountId, string kind, long? expiresAt = null, string? familyId = null, string? scope = null)
    {
        _writeLock.Wait();
        try
        {
            using var c = OpenConnection();
            Exec(c, null, """
                INSERT OR REPLACE INTO tokens(token, account_id, kind, expires_at, family_id, scope, created)
                VALUES($t, $a, $k, $e, $f, $s, $now)
                """, ("$t", token), ("$a", accountId), ("$k", kind), ("$e", expiresAt), ("$f", familyId), ("$s", scope), ("$now", Now()));
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public TokenInfo? LookupToken(string token)
    {
        using var c = OpenConnection();
        using var cmd = Cmd(c, null, "SELECT token, account_id, kind, expires_at, family_id FROM tokens WHERE token=$t", ("$t", token));
        using var r = cmd.ExecuteReader();
        return r.Read()
            ? new TokenInfo(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetInt64(3), r.IsDBNull(4) ? null : r.GetString(4))
            : null;
    }

    /// <summary>Deletes a token; with a family id, every token of that family (refresh token and its access tokens).</summary>
    public int RevokeToken(string token)
    {
        var info = LookupToken(token);
        if (info is null)
        {
            return 0;
        }
        _writeLock.Wait();
        try
        {
            using var c = OpenConnection();
            using var cmd = info.FamilyId is null
                ? Cmd(c, null, "DELETE FROM tokens WHERE token=$t", ("$t", token))
                : Cmd(c, null, "DELETE FROM tokens WHERE family_id=$f OR token=$t", ("$f", info.FamilyId), ("$t", token));
            return cmd.ExecuteNonQuery();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // ---------------------------------------------------------------- writes

    /// <summary>Runs <paramref name="work"/> in one transaction under the single-writer lock; signals journal waiters after commit.</summary>
    public async Task<T> WriteAsync<T>(Func<Writer, T> work, CancellationToken ct = default)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        bool journaled = false;
        try
        {
            using var c = OpenConnection();
            using var tx = c.BeginTransaction();
            using var w = new Writer(c, tx);
            T result = work(w);
            if (w.JournalRows > 0)
            {
                ApplyRetention(c, tx);
            }
            tx.Commit();
            journaled = w.JournalRows > 0;
            return result;
        }
        finally
        {
            _writeLock.Release();
            if (journaled)
            {
                SignalJournal();
            }
        }
    }

    /// <summary>Resolves a parsed path for the account (no existence check). Lower "" = root.</summary>
    internal static Resolved Resolve(SqliteConnection c, SqliteTransaction? tx, Account a, PathSpec spec)
    {
        switch (spec.Kind)
        {
            case PathKind.Root:
                CheckNamespace(a, spec);
                return new Resolved("", "", null);
            case PathKind.Path:
            {
                CheckNamespace(a, spec);
                string display = "/" + string.Join('/', spec.Segments);
                string lower = PathRules.LowerPath(display);
                var item = GetItem(c, tx, a.NamespaceId, lower);
                return new Resolved(lower, item is { IsDeleted: false } ? item.PathDisplay : display, item);
            }
            case PathKind.Id:
            {
                var baseItem = GetLiveById(c, tx, a.NamespaceId, spec.Id!) ?? throw PathProblemException.Lookup("not_found");
                if (spec.Segments.Count == 0)
                {
                    return new Resolved(baseItem.PathLower, baseItem.PathDisplay, baseItem);
                }
                string rel = "/" + string.Join('/', spec.Segments);
                string lower = baseItem.PathLower + PathRules.LowerPath(rel);
                var item = GetItem(c, tx, a.NamespaceId, lower);
                return new Resolved(lower, item is { IsDeleted: false } ? item.PathDisplay : baseItem.PathDisplay + rel, item);
            }
            case PathKind.Rev:
            {
                using var cmd = Cmd(c, tx, """
                    SELECT ns, path_lower, path_display, name, file_id, 0, 0, rev, size, content_hash, client_modified, server_modified
                    FROM revisions WHERE ns=$ns AND rev=$rev
                    """, ("$ns", a.NamespaceId), ("$rev", spec.Rev));
                using var r = cmd.ExecuteReader();
                if (!r.Read())
                {
                    throw PathProblemException.Lookup("not_found");
                }
                var item = ReadItem(r);
                return new Resolved(item.PathLower, item.PathDisplay, item);
            }
            default:
                throw new InvalidOperationException();
        }
    }

    private static void CheckNamespace(Account a, PathSpec spec)
    {
        if (spec.Namespace is not null && spec.Namespace != a.NamespaceId.ToString(CultureInfo.InvariantCulture))
        {
            throw PathProblemException.Lookup("not_found");
        }
    }

    /// <summary>files/create_folder_v2. Creates missing parents. Throws PathProblemException (write tags).</summary>
    public Task<Item> CreateFolderAsync(Account a, PathSpec spec, bool autorename, CancellationToken ct = default) =>
        WriteAsync(w =>
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
            return w.AddFolder(ns, lower, parentDisplay + "/" + name, name);
        }, ct);

    /// <summary>files/delete_v2: marks the item and its subtree deleted; returns the item as it was.</summary>
    public Task<Item> DeleteAsync(Account a, PathSpec spec, string? parentRev, CancellationToken ct = default) =>
        WriteAsync(w =>
        {
            if (spec.Kind is PathKind.Root or PathKind.Rev)
            {
                throw PathProblemException.Lookup("malformed_path");
            }
            var resolved = Resolve(w.Connection, w.Transaction, a, spec);
            var item = resolved.Existing;
            if (item is null || item.IsDeleted)
            {
                throw PathProblemException.Lookup("not_found");
            }
            if (!item.IsFolder && parentRev is not null && parentRev != item.Rev)
            {
                throw PathProblemException.Write("conflict", "file");
            }
            w.DeleteSubtree(a.NamespaceId, item.PathLower);
            return item;
        }, ct);

    // ---------------------------------------------------------------- reads

    public Item? GetItem(Account a, PathSpec spec)
    {
        using var c = OpenConnection();
        return Resolve(c, null, a, spec).Existing;
    }

    public long UsedSpace(Account a)
    {
        using var c = OpenConnection();
        return Scalar(c, null, "SELECT COALESCE(SUM(size),0) FROM items WHERE ns=$ns AND deleted=0 AND is_folder=0", ("$ns", a.NamespaceId)) is long l ? l : 0;
    }

    public long LatestSeq()
    {
        using var c = OpenConnection();
        return LatestSeq(c, null);
    }

    public long JournalFloor()
    {
        using var c = OpenConnection();
        return JournalFloor(c, null);
    }

    /// <summary>files/list_folder. Throws PathProblemException not_found / not_folder.</summary>
    public ListPage ListFolder(Account a, PathSpec spec, bool recursive, bool includeDeleted, int limit)
    {
        using var c = OpenConnection();
        using var tx = c.BeginTransaction(deferred: true);
        string scope = ResolveFolder(c, tx, a, spec);
        long seq = LatestSeq(c, tx);
        var start = new FolderCursor(a.AccountId, a.NamespaceId, scope, recursive, includeDeleted, CursorMode.Listing, seq, 0, "", limit);
        return ReadListing(c, tx, start, limit);
    }

    /// <summary>files/list_folder/continue. Returns null when the cursor belongs to another account (caller: 400).</summary>
    public ListPage? Continue(Account a, FolderCursor cursor)
    {
        if (cursor.AccountId != a.AccountId || cursor.Ns != a.NamespaceId)
        {
            return null;
        }
        using var c = OpenConnection();
        using var tx = c.BeginTransaction(deferred: true);
        if (cursor.Seq < JournalFloor(c, tx))
        {
            throw new CursorResetException();
        }
        int limit = cursor.Limit;
        if (cursor.Mode == CursorMode.Listing)
        {
            return ReadListing(c, tx, cursor, limit);
        }
        long until = cursor.Until != 0 ? cursor.Until : LatestSeq(c, tx);
        var entries = new List<ListEntry>();
        using (var cmd = Cmd(c, tx, $"""
            SELECT path_lower, MAX(seq), path_display FROM journal
            WHERE ns=$ns AND seq > $since AND seq <= $until AND path_lower > $after AND {ScopeSql(cursor.ScopeLower, cursor.Recursive)}
            GROUP BY path_lower ORDER BY path_lower LIMIT $n
            """, [("$ns", a.NamespaceId), ("$since", cursor.Seq), ("$until", until), ("$after", cursor.After), ("$n", limit + 1), .. ScopeArgs(cursor.ScopeLower)]))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                entries.Add(new ListEntry(null, r.GetString(0), r.GetString(2), true));
            }
        }
        bool hasMore = entries.Count > limit;
        if (hasMore)
        {
            entries.RemoveAt(entries.Count - 1);
        }
        for (int i = 0; i < entries.Count; i++)
        {
            var item = GetItem(c, tx, a.NamespaceId, entries[i].PathLower);
            entries[i] = item is { IsDeleted: false }
                ? new ListEntry(item, item.PathLower, item.PathDisplay, false)
                : new ListEntry(null, entries[i].PathLower, item?.PathDisplay ?? entries[i].PathDisplay, true);
        }
        var next = hasMore
            ? cursor with { Until = until, After = entries[^1].PathLower }
            : cursor with { Seq = until, Until = 0, After = "" };
        return new ListPage(entries, next, hasMore);
    }

    // Listings are ordered folder by folder (parent, then path) so that a recursive listing reads like
    // Get-ChildItem -Recurse: each folder's entries together. The cursor's "after" path gives both keys.
    private static ListPage ReadListing(SqliteConnection c, SqliteTransaction tx, FolderCursor cursor, int limit)
    {
        var entries = new List<ListEntry>();
        string deletedFilter = cursor.IncludeDeleted ? "" : "AND deleted=0";
        using (var cmd = Cmd(c, tx, $"""
            SELECT {ItemColumns} FROM items
            WHERE ns=$ns AND (parent_lower, path_lower) > ($afterParent, $after) {deletedFilter} AND {ScopeSql(cursor.ScopeLower, cursor.Recursive)}
            ORDER BY parent_lower, path_lower LIMIT $n
            """, [("$ns", cursor.Ns), ("$after", cursor.After), ("$afterParent", cursor.After.Length == 0 ? "" : PathRules.ParentOf(cursor.After)),
                  ("$n", limit + 1), .. ScopeArgs(cursor.ScopeLower)]))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                var item = ReadItem(r);
                entries.Add(new ListEntry(item.IsDeleted ? null : item, item.PathLower, item.PathDisplay, item.IsDeleted));
            }
        }
        bool hasMore = entries.Count > limit;
        if (hasMore)
        {
            entries.RemoveAt(entries.Count - 1);
        }
        var next = hasMore
            ? cursor with { Mode = CursorMode.Listing, After = entries[^1].PathLower }
            : cursor with { Mode = CursorMode.Changes, Until = 0, After = "" };
        return new ListPage(entries, next, hasMore);
    }

    /// <summary>True if the journal has rows in the cursor's scope after its sequence (mid-listing cursors: true).</summary>
    public bool HasChanges(FolderCursor cursor)
    {
        if (cursor.Mode == CursorMode.Listing)
        {
            return true;
        }
        using var c = OpenConnection();
        return Scalar(c, null, $"SELECT 1 FROM journal WHERE ns=$ns AND seq > $since AND {ScopeSql(cursor.ScopeLower, cursor.Recursive)} LIMIT 1",
            [("$ns", cursor.Ns), ("$since", cursor.Seq), .. ScopeArgs(cursor.ScopeLower)]) is not null;
    }

    /// <summary>Waits until the cursor's scope has changes or the timeout elapses (for longpoll). Returns whether changes exist.</summary>
    public async Task<bool> WaitForChangesAsync(FolderCursor cursor, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var signal = JournalSignal; // take before checking, so an append in between is not missed
            if (HasChanges(cursor))
            {
                return true;
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }
            try
            {
                await signal.WaitAsync(remaining, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return HasChanges(cursor);
            }
        }
    }
}

internal sealed record Resolved(string Lower, string Display, Item? Existing);
