using Microsoft.Data.Sqlite;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

/// <summary>
/// The one database every store shares: SQLite (WAL) at DATA/emulator.db. Reads open their own pooled connection
/// (parallel-safe); writes go through <see cref="WriteAsync{T}"/> or <see cref="Write{T}"/> (one writer at a time).
/// A write transaction that appended journal rows applies the journal retention before it commits and signals
/// <see cref="JournalSignal"/> after.
/// </summary>
internal sealed class Database : IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private TaskCompletionSource _journalSignal = NewSignal();
    private bool _disposed;

    private Database(string dataDirectory)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(DataDirectory);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(DataDirectory, "emulator.db"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();
    }

    public string DataDirectory { get; }

    /// <summary>The change-feed settings; their journal retention is applied by every write that journals.</summary>
    public ChangeSettings Changes { get; set; } = new();

    /// <summary>Completes (and is replaced) whenever a transaction that appended journal rows commits.</summary>
    public Task JournalSignal => Volatile.Read(ref _journalSignal).Task;

    public static Database Open(string dataDirectory)
    {
        var db = new Database(dataDirectory);
        using var c = db.OpenConnection();
        Sql.Exec(c, null, "PRAGMA journal_mode=WAL;");
        Sql.Exec(c, null, Schema);
        AddColumnIfMissing(c, "items", "exports", "TEXT");
        AddColumnIfMissing(c, "revisions", "exports", "TEXT");
        return db;
    }

    /// <summary>Brings a data directory made by an older emulator up to the current schema.</summary>
    private static void AddColumnIfMissing(SqliteConnection c, string table, string column, string type)
    {
        using var cmd = Sql.Cmd(c, null, $"SELECT 1 FROM pragma_table_info('{table}') WHERE name=$c", ("$c", column));
        if (cmd.ExecuteScalar() is null)
        {
            Sql.Exec(c, null, $"ALTER TABLE {table} ADD COLUMN {column} {type}");
        }
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
            exports TEXT, PRIMARY KEY(ns, path_lower)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS items_parent ON items(ns, parent_lower, path_lower);
        CREATE INDEX IF NOT EXISTS items_id ON items(ns, id);
        CREATE TABLE IF NOT EXISTS revisions(
            rev TEXT PRIMARY KEY, ns INTEGER NOT NULL, file_id TEXT NOT NULL, path_lower TEXT NOT NULL,
            path_display TEXT NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL, content_hash TEXT NOT NULL,
            client_modified INTEGER NOT NULL, server_modified INTEGER NOT NULL, seq INTEGER NOT NULL, exports TEXT);
        CREATE INDEX IF NOT EXISTS revisions_path ON revisions(ns, path_lower, seq);
        CREATE INDEX IF NOT EXISTS revisions_id ON revisions(ns, file_id, seq);
        CREATE TABLE IF NOT EXISTS journal(
            seq INTEGER PRIMARY KEY AUTOINCREMENT, ns INTEGER NOT NULL, path_lower TEXT NOT NULL,
            parent_lower TEXT NOT NULL, path_display TEXT NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS journal_ns ON journal(ns, seq);
        CREATE INDEX IF NOT EXISTS journal_path ON journal(ns, path_lower, seq);
        CREATE TABLE IF NOT EXISTS upload_sessions(
            id TEXT PRIMARY KEY, account_id TEXT NOT NULL, concurrent INTEGER NOT NULL, offset INTEGER NOT NULL,
            closed INTEGER NOT NULL, created INTEGER NOT NULL, finished INTEGER NOT NULL DEFAULT 0,
            bytes_accepted INTEGER NOT NULL DEFAULT 0, bytes_refused INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS upload_session_parts(
            session_id TEXT NOT NULL, offset INTEGER NOT NULL, length INTEGER NOT NULL, PRIMARY KEY(session_id, offset));
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
        CREATE TABLE IF NOT EXISTS shared_folders(
            ns INTEGER NOT NULL, folder_id TEXT NOT NULL, shared_folder_id TEXT NOT NULL UNIQUE, read_only INTEGER NOT NULL,
            PRIMARY KEY(ns, folder_id));
        CREATE TABLE IF NOT EXISTS teams(team_id TEXT PRIMARY KEY, name TEXT NOT NULL, root_ns INTEGER NOT NULL UNIQUE, created INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS team_members(
            account_id TEXT PRIMARY KEY, team_id TEXT NOT NULL, team_member_id TEXT NOT NULL UNIQUE, is_admin INTEGER NOT NULL,
            home_lower TEXT NOT NULL, home_display TEXT NOT NULL, joined INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS team_folders(
            ns INTEGER PRIMARY KEY, team_id TEXT NOT NULL, name TEXT NOT NULL, path_lower TEXT NOT NULL, path_display TEXT NOT NULL,
            created INTEGER NOT NULL);
        """;

    public SqliteConnection OpenConnection()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var c = new SqliteConnection(_connectionString);
        c.Open();
        // WAL with NORMAL: a commit is safe from a killed process (not from a power cut) and costs no fsync, as a
        // batch of uploads committed one row at a time would otherwise pay per row.
        Sql.Exec(c, null, "PRAGMA synchronous=NORMAL;");
        return c;
    }

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
                Journal.ApplyRetention(c, tx, Changes);
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

    /// <summary>
    /// A small write outside the tree under the single-writer lock, without a transaction, waiting for the lock without
    /// holding a thread. Request paths use this one: many requests blocked in <see cref="Write{T}"/> at once starve the
    /// thread pool, and then the lock's holder waits for a thread too (seconds per batch commit with 64 uploads in flight).
    /// </summary>
    public async Task WriteRowsAsync(Action<SqliteConnection> work, CancellationToken ct = default)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var c = OpenConnection();
            work(c);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>A small write outside the tree (accounts, tokens) under the single-writer lock, without a transaction.</summary>
    public T Write<T>(Func<SqliteConnection, T> work)
    {
        _writeLock.Wait();
        try
        {
            using var c = OpenConnection();
            return work(c);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Write(Action<SqliteConnection> work) => Write(c =>
    {
        work(c);
        return 0;
    });

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

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void SignalJournal()
    {
        var old = Interlocked.Exchange(ref _journalSignal, NewSignal());
        old.TrySetResult();
    }
}
