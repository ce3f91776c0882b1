using System.Globalization;
using Microsoft.Data.Sqlite;
using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Store;

/// <summary>The change feed: get_latest_cursor, cursor validity for longpoll, journal retention.</summary>
internal sealed partial class EmulatorStore
{
    public ChangeSettings Changes { get; set; } = new();

    /// <summary>files/list_folder/get_latest_cursor: a changes-mode cursor at the journal's current end.</summary>
    public FolderCursor LatestCursor(Account a, PathSpec spec, bool recursive, bool includeDeleted, int limit)
    {
        using var c = OpenConnection();
        using var tx = c.BeginTransaction(deferred: true);
        string scope = ResolveFolder(c, tx, a, spec);
        return new FolderCursor(a.AccountId, a.NamespaceId, scope, recursive, includeDeleted, CursorMode.Changes, LatestSeq(c, tx), 0, "", limit);
    }

    /// <summary>The lower path of a folder to list ("" = root). Throws PathProblemException not_found / not_folder.</summary>
    private static string ResolveFolder(SqliteConnection c, SqliteTransaction tx, Account a, PathSpec spec)
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

    /// <summary>
    /// For the unauthenticated longpoll: false when the cursor names no account of this emulator (caller: 400);
    /// throws <see cref="CursorResetException"/> when it points before the journal's retention floor.
    /// </summary>
    public bool ValidateCursor(FolderCursor cursor)
    {
        if (GetAccount(cursor.AccountId) is not { } account || account.NamespaceId != cursor.Ns)
        {
            return false;
        }
        if (cursor.Seq < JournalFloor())
        {
            throw new CursorResetException();
        }
        return true;
    }

    /// <summary>Cursors with a sequence below this get reset (the journal rows after them were dropped).</summary>
    private static long JournalFloor(SqliteConnection c, SqliteTransaction? tx) =>
        Scalar(c, tx, "SELECT value FROM meta WHERE key='journal_floor'") is string s ? long.Parse(s, CultureInfo.InvariantCulture) : 0;

    /// <summary>Applies the retention settings now (they are also applied by every write that journals).</summary>
    public Task TrimJournalAsync(CancellationToken ct = default) =>
        WriteAsync(w =>
        {
            ApplyRetention(w.Connection, w.Transaction);
            return 0;
        }, ct);

    /// <summary>
    /// Drops journal rows outside the retention window and raises journal_floor to the last dropped sequence:
    /// a cursor at or after the floor still sees every row it needs; one before it gets reset.
    /// </summary>
    internal void ApplyRetention(SqliteConnection c, SqliteTransaction tx)
    {
        var settings = Changes;
        long cutoff = 0;
        if (settings.JournalKeepRows is long keep)
        {
            cutoff = Math.Max(cutoff, LatestSeq(c, tx) - keep);
        }
        if (settings.JournalKeepAge is TimeSpan age)
        {
            long before = Now() - (long)age.TotalSeconds;
            cutoff = Math.Max(cutoff, Scalar(c, tx, "SELECT MAX(seq) FROM journal WHERE at < $before", ("$before", before)) is long s ? s : 0);
        }
        if (cutoff <= JournalFloor(c, tx))
        {
            return;
        }
        Exec(c, tx, "DELETE FROM journal WHERE seq <= $cutoff", ("$cutoff", cutoff));
        Exec(c, tx, "INSERT OR REPLACE INTO meta(key, value) VALUES('journal_floor', $v)", ("$v", cutoff.ToString(CultureInfo.InvariantCulture)));
    }
}
