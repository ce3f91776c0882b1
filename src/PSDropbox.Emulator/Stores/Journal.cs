using System.Globalization;
using Microsoft.Data.Sqlite;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

/// <summary>
/// The change journal's position and retention. Rows are appended only by <see cref="Writer.Journal"/> and
/// <see cref="Writer.DeleteSubtree"/>; cursors point into it by sequence number.
/// </summary>
internal static class Journal
{
    public static long LatestSeq(SqliteConnection c, SqliteTransaction? tx) =>
        Sql.Scalar(c, tx, "SELECT seq FROM sqlite_sequence WHERE name='journal'") is long l ? l : 0;

    /// <summary>Cursors with a sequence below this get reset (the journal rows after them were dropped).</summary>
    public static long Floor(SqliteConnection c, SqliteTransaction? tx) =>
        Sql.Scalar(c, tx, "SELECT value FROM meta WHERE key='journal_floor'") is string s ? long.Parse(s, CultureInfo.InvariantCulture) : 0;

    /// <summary>
    /// Drops journal rows outside the retention window and raises journal_floor to the last dropped sequence:
    /// a cursor at or after the floor still sees every row it needs; one before it gets reset.
    /// </summary>
    public static void ApplyRetention(SqliteConnection c, SqliteTransaction tx, ChangeSettings settings)
    {
        long cutoff = 0;
        if (settings.JournalKeepRows is long keep)
        {
            cutoff = Math.Max(cutoff, LatestSeq(c, tx) - keep);
        }
        if (settings.JournalKeepAge is TimeSpan age)
        {
            long before = EmulatorClock.WallNow() - (long)age.TotalSeconds;
            cutoff = Math.Max(cutoff, Sql.Scalar(c, tx, "SELECT MAX(seq) FROM journal WHERE at < $before", ("$before", before)) is long s ? s : 0);
        }
        if (cutoff <= Floor(c, tx))
        {
            return;
        }
        Sql.Exec(c, tx, "DELETE FROM journal WHERE seq <= $cutoff", ("$cutoff", cutoff));
        Sql.Exec(c, tx, "INSERT OR REPLACE INTO meta(key, value) VALUES('journal_floor', $v)", ("$v", cutoff.ToString(CultureInfo.InvariantCulture)));
    }
}
