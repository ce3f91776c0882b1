using Microsoft.Data.Sqlite;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

/// <summary>
/// Listing and the change feed: list_folder and its cursors (a listing, then the journal after it), get_latest_cursor,
/// the wait behind longpoll, and the journal retention settings. A cursor older than the retention floor is answered
/// with the route error <c>reset</c>.
/// </summary>
internal sealed class ChangeStore(Database db, AccountStore accounts)
{
    public ChangeSettings Settings => db.Changes;

    public long LatestSeq()
    {
        using var c = db.OpenConnection();
        return Journal.LatestSeq(c, null);
    }

    public long JournalFloor()
    {
        using var c = db.OpenConnection();
        return Journal.Floor(c, null);
    }

    /// <summary>files/list_folder. Throws PathProblemException not_found / not_folder.</summary>
    public ListPage ListFolder(Account a, PathSpec spec, bool recursive, bool includeDeleted, int limit, ListingFlags flags = ListingFlags.None)
    {
        using var c = db.OpenConnection();
        using var tx = c.BeginTransaction(deferred: true);
        string scope = PathResolver.ResolveFolder(c, tx, a, spec);
        long seq = Journal.LatestSeq(c, tx);
        var start = new FolderCursor(a.AccountId, a.NamespaceId, scope, recursive, includeDeleted, CursorMode.Listing, seq, 0, "", limit, flags);
        return ReadListing(c, tx, start, limit, a.View);
    }

    /// <summary>files/list_folder/get_latest_cursor: a changes-mode cursor at the journal's current end.</summary>
    public FolderCursor LatestCursor(Account a, PathSpec spec, bool recursive, bool includeDeleted, int limit, ListingFlags flags = ListingFlags.None)
    {
        using var c = db.OpenConnection();
        using var tx = c.BeginTransaction(deferred: true);
        string scope = PathResolver.ResolveFolder(c, tx, a, spec);
        return new FolderCursor(a.AccountId, a.NamespaceId, scope, recursive, includeDeleted, CursorMode.Changes, Journal.LatestSeq(c, tx), 0, "", limit,
            flags);
    }

    /// <summary>files/list_folder/continue. Returns null when the cursor belongs to another account (caller: 400).</summary>
    public ListPage? Continue(Account a, FolderCursor cursor)
    {
        if (cursor.AccountId != a.AccountId || cursor.Ns != a.NamespaceId || !a.View.Contains(cursor.ScopeLower))
        {
            return null;
        }
        using var c = db.OpenConnection();
        using var tx = c.BeginTransaction(deferred: true);
        if (cursor.Seq < Journal.Floor(c, tx))
        {
            throw RouteErrorException.Of("reset");
        }
        int limit = cursor.Limit;
        if (cursor.Mode == CursorMode.Listing)
        {
            return ReadListing(c, tx, cursor, limit, a.View);
        }
        long until = cursor.Until != 0 ? cursor.Until : Journal.LatestSeq(c, tx);
        var entries = new List<ListEntry>();
        using (var cmd = Sql.Cmd(c, tx, $"""
            SELECT path_lower, MAX(seq), path_display FROM journal
            WHERE ns=$ns AND seq > $since AND seq <= $until AND path_lower > $after AND {ItemRows.ScopeSql(cursor.ScopeLower, cursor.Recursive, a.View)}
            GROUP BY path_lower ORDER BY path_lower LIMIT $n
            """, [("$ns", a.NamespaceId), ("$since", cursor.Seq), ("$until", until), ("$after", cursor.After), ("$n", limit + 1), .. ItemRows.ScopeArgs(cursor.ScopeLower, a.View)]))
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
            var item = ItemRows.Get(c, tx, a.NamespaceId, entries[i].PathLower);
            entries[i] = item is { IsDeleted: false }
                ? new ListEntry(item, item.PathLower, item.PathDisplay, false)
                : new ListEntry(null, entries[i].PathLower, item?.PathDisplay ?? entries[i].PathDisplay, true);
        }
        var next = hasMore
            ? cursor with { Until = until, After = entries[^1].PathLower }
            : cursor with { Seq = until, Until = 0, After = "" };
        if (cursor.Flags.HasFlag(ListingFlags.HideNonDownloadable))
        {
            entries.RemoveAll(e => e.Item?.Exports is not null);
        }
        return new ListPage(entries, next, hasMore);
    }

    // Listings are ordered folder by folder (parent, then path) so that a recursive listing reads like
    // Get-ChildItem -Recurse: each folder's entries together. The cursor's "after" path gives both keys.
    private static ListPage ReadListing(SqliteConnection c, SqliteTransaction tx, FolderCursor cursor, int limit, PathView view)
    {
        var entries = new List<ListEntry>();
        string deletedFilter = (cursor.IncludeDeleted ? "" : "AND deleted=0") + (cursor.Flags.HasFlag(ListingFlags.HideNonDownloadable) ? " AND exports IS NULL" : "");
        using (var cmd = Sql.Cmd(c, tx, $"""
            SELECT {ItemRows.Columns} FROM items
            WHERE ns=$ns AND (parent_lower, path_lower) > ($afterParent, $after) {deletedFilter} AND {ItemRows.ScopeSql(cursor.ScopeLower, cursor.Recursive, view)}
            ORDER BY parent_lower, path_lower LIMIT $n
            """, [("$ns", cursor.Ns), ("$after", cursor.After), ("$afterParent", cursor.After.Length == 0 ? "" : PathRules.ParentOf(cursor.After)),
                  ("$n", limit + 1), .. ItemRows.ScopeArgs(cursor.ScopeLower, view)]))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                var item = ItemRows.Read(r);
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

    /// <summary>
    /// For the unauthenticated longpoll: false when the cursor names no account of this emulator (caller: 400);
    /// throws the route error reset when it points before the journal's retention floor.
    /// </summary>
    public bool ValidateCursor(FolderCursor cursor)
    {
        if (accounts.Get(cursor.AccountId) is not { } account || account.NamespaceId != cursor.Ns)
        {
            return false;
        }
        if (cursor.Seq < JournalFloor())
        {
            throw RouteErrorException.Of("reset");
        }
        return true;
    }

    /// <summary>True if the journal has rows in the cursor's scope after its sequence (mid-listing cursors: true).</summary>
    public bool HasChanges(FolderCursor cursor)
    {
        if (cursor.Mode == CursorMode.Listing)
        {
            return true;
        }
        using var c = db.OpenConnection();
        // A member's cursor at the team root sees that member's part of the team space only.
        var view = cursor.ScopeLower.Length == 0 && accounts.Get(cursor.AccountId)?.Membership is { } member ? TeamStore.RootView(c, null, member) : null;
        return Sql.Scalar(c, null, $"SELECT 1 FROM journal WHERE ns=$ns AND seq > $since AND {ItemRows.ScopeSql(cursor.ScopeLower, cursor.Recursive, view)} LIMIT 1",
            [("$ns", cursor.Ns), ("$since", cursor.Seq), .. ItemRows.ScopeArgs(cursor.ScopeLower, view)]) is not null;
    }

    /// <summary>Waits until the cursor's scope has changes or the timeout elapses (for longpoll). Returns whether changes exist.</summary>
    public async Task<bool> WaitForChangesAsync(FolderCursor cursor, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var signal = db.JournalSignal; // take before checking, so an append in between is not missed
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

    /// <summary>Applies the retention settings now (they are also applied by every write that journals).</summary>
    public Task TrimJournalAsync(CancellationToken ct = default) =>
        db.WriteAsync(w =>
        {
            Journal.ApplyRetention(w.Connection, w.Transaction, Settings);
            return 0;
        }, ct);
}
