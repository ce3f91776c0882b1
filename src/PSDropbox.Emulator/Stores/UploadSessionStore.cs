using System.Collections.Concurrent;
using System.Globalization;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

/// <summary>
/// Upload sessions (§2.3): rows in upload_sessions, bytes in DATA/sessions/ (one append-only file per sequential session,
/// one file per 4 MiB-aligned part for concurrent sessions). Body bytes are counted per session, accepted (stored) or
/// refused (incorrect offset, closed, hash mismatch...), so tests can prove a client never re-sent committed bytes. Sessions expire 7 days after start on the emulator clock.
/// Rows are written under the database's single-writer lock: parallel appends and a batch commit queue in the process
/// instead of meeting SQLite's busy lock, which Microsoft.Data.Sqlite waits out by retrying until its timeout.
/// </summary>
internal sealed class UploadSessionStore
{
    public const long SessionLifetimeSeconds = 7 * 24 * 3600;
    public const long MaxFileSize = (1L << 41) - (1L << 22);
    public const int ConcurrentBlock = 4 * 1024 * 1024;

    private const string Columns = "id, account_id, concurrent, offset, closed, created, bytes_accepted, bytes_refused";

    private readonly Database _db;
    private readonly BlobStore _blobs;
    private readonly EmulatorClock _clock;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _sessionLocks = new(StringComparer.Ordinal);
    private readonly string _directory;

    public UploadSessionStore(Database db, BlobStore blobs, EmulatorClock clock)
    {
        _db = db;
        _blobs = blobs;
        _clock = clock;
        _directory = Path.Combine(db.DataDirectory, "sessions");
        Directory.CreateDirectory(_directory);
    }

    /// <summary>Runs work holding the session's lock (requests on one session are serialized).</summary>
    public async Task<T> WithSessionAsync<T>(string id, Func<Task<T>> work, CancellationToken ct)
    {
        var gate = _sessionLocks.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<UploadSession> CreateAsync(Account a, bool concurrent, CancellationToken ct) =>
        (await CreateAsync(a, concurrent, 1, ct).ConfigureAwait(false))[0];

    /// <summary><paramref name="count"/> new empty sessions, written in one transaction.</summary>
    public async Task<List<UploadSession>> CreateAsync(Account a, bool concurrent, int count, CancellationToken ct)
    {
        long now = _clock.Now();
        var sessions = Enumerable.Range(0, count)
            .Select(_ => new UploadSession("pid_upload_session:" + Ids.NewSecret(24), a.AccountId, concurrent, 0, false, now, 0, 0))
            .ToList();
        await _db.WriteRowsAsync(c =>
        {
            using var tx = c.BeginTransaction();
            foreach (var s in sessions)
            {
                Sql.Exec(c, tx, "INSERT INTO upload_sessions(id, account_id, concurrent, offset, closed, created) VALUES($id, $a, $c, 0, 0, $now)",
                    ("$id", s.Id), ("$a", a.AccountId), ("$c", concurrent ? 1L : 0L), ("$now", now));
            }
            tx.Commit();
        }, ct).ConfigureAwait(false);
        return sessions;
    }

    /// <summary>
    /// A sequential session that already holds stored bytes, at offset <paramref name="size"/>: files/upload keeps a body
    /// it could not commit this way, so the client can finish it elsewhere (UploadWriteFailed.upload_session_id).
    /// </summary>
    public async Task<UploadSession> CreateHoldingAsync(Account a, string contentHash, long size, CancellationToken ct)
    {
        var s = await CreateAsync(a, concurrent: false, ct).ConfigureAwait(false);
        File.Copy(_blobs.PathFor(contentHash), SessionFile(s.Id), overwrite: true);
        await SetStateAsync(s.Id, size, closed: false).ConfigureAwait(false);
        return s with { Offset = size };
    }

    /// <summary>The account's live session, or null (unknown, finished, another account's, or older than 7 days).</summary>
    public UploadSession? Get(Account a, string id)
    {
        using var c = _db.OpenConnection();
        using var cmd = Sql.Cmd(c, null, $"SELECT {Columns} FROM upload_sessions WHERE id=$id AND finished=0", ("$id", id));
        using var r = cmd.ExecuteReader();
        if (!r.Read())
        {
            return null;
        }
        var s = ReadSession(r);
        return s.AccountId == a.AccountId && _clock.Now() - s.Created < SessionLifetimeSeconds ? s : null;
    }

    private static UploadSession ReadSession(Microsoft.Data.Sqlite.SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetInt64(2) != 0, r.GetInt64(3), r.GetInt64(4) != 0, r.GetInt64(5), r.GetInt64(6), r.GetInt64(7));

    /// <summary>Counts body bytes a request carried for the session: stored (accepted) or refused.</summary>
    public Task CountBytesAsync(string id, long accepted, long refused) =>
        _db.WriteRowsAsync(c => Sql.Exec(c, null, "UPDATE upload_sessions SET bytes_accepted = bytes_accepted + $a, bytes_refused = bytes_refused + $r WHERE id=$id",
            ("$id", id), ("$a", accepted), ("$r", refused)));

    /// <summary>Every session (admin view), newest first.</summary>
    public List<(UploadSession Session, bool Finished)> List()
    {
        using var c = _db.OpenConnection();
        using var cmd = Sql.Cmd(c, null, $"SELECT {Columns}, finished FROM upload_sessions ORDER BY created DESC, rowid DESC");
        using var r = cmd.ExecuteReader();
        var list = new List<(UploadSession, bool)>();
        while (r.Read())
        {
            list.Add((ReadSession(r), r.GetInt64(8) != 0));
        }
        return list;
    }

    private string SessionFile(string id) => Path.Combine(_directory, id[(id.IndexOf(':') + 1)..] + ".data");

    private string PartsDirectory(string id) => Path.Combine(_directory, id[(id.IndexOf(':') + 1)..]);

    /// <summary>
    /// Appends a request body to a sequential session at its offset. The body is only kept whole: on a failure (hash
    /// mismatch, too large, client gone) the file is cut back and the offset does not move. Returns the new offset.
    /// </summary>
    public async Task<long> AppendSequentialAsync(UploadSession s, Stream body, string? expectedHash, bool close, CancellationToken ct)
    {
        string file = SessionFile(s.Id);
        long length;
        string hash;
        await using (var output = new FileStream(file, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1, useAsync: true))
        {
            output.SetLength(s.Offset);
            output.Position = s.Offset;
            try
            {
                (hash, length) = await CopyHashedAsync(body, output, ct).ConfigureAwait(false);
                if (expectedHash is not null && expectedHash != hash)
                {
                    throw SessionProblemException.Of("content_hash_mismatch");
                }
                if (s.Offset + length > MaxFileSize)
                {
                    throw SessionProblemException.Of("too_large");
                }
            }
            catch
            {
                output.SetLength(s.Offset);
                throw;
            }
        }
        await SetStateAsync(s.Id, s.Offset + length, close || s.Closed).ConfigureAwait(false);
        return s.Offset + length;
    }

    /// <summary>Stores one part of a concurrent session at <paramref name="offset"/> (4 MiB rule checked by the caller).</summary>
    public async Task<long> PutConcurrentPartAsync(UploadSession s, long offset, Stream body, string? expectedHash, bool close, CancellationToken ct)
    {
        string dir = PartsDirectory(s.Id);
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            long length;
            string hash;
            await using (var output = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, useAsync: true))
            {
                (hash, length) = await CopyHashedAsync(body, output, ct).ConfigureAwait(false);
            }
            if (expectedHash is not null && expectedHash != hash)
            {
                throw SessionProblemException.Of("content_hash_mismatch");
            }
            if (!close && length % ConcurrentBlock != 0)
            {
                throw SessionProblemException.Of("concurrent_session_invalid_data_size");
            }
            File.Move(tmp, Path.Combine(dir, offset.ToString(CultureInfo.InvariantCulture) + ".part"), overwrite: true);
            long end = Math.Max(s.Offset, offset + length);
            await _db.WriteRowsAsync(c =>
            {
                using var tx = c.BeginTransaction();
                Sql.Exec(c, tx, "INSERT OR REPLACE INTO upload_session_parts(session_id, offset, length) VALUES($id, $o, $l)",
                    ("$id", s.Id), ("$o", offset), ("$l", length));
                SetState(c, tx, s.Id, end, close || s.Closed);
                tx.Commit();
            }).ConfigureAwait(false);
            return end;
        }
        finally
        {
            if (File.Exists(tmp))
            {
                File.Delete(tmp);
            }
        }
    }

    /// <summary>
    /// Hashes the session's bytes into the blob store and returns (content_hash, size). Concurrent sessions must be
    /// closed and their parts contiguous from 0 (else concurrent_session_not_closed / concurrent_session_missing_data).
    /// </summary>
    public async Task<(string Hash, long Size)> SealAsync(UploadSession s, CancellationToken ct)
    {
        if (!s.Concurrent)
        {
            if (!File.Exists(SessionFile(s.Id)))
            {
                await using var empty = new MemoryStream();
                return await _blobs.PutAsync(empty, ct).ConfigureAwait(false);
            }
            await using var data = new FileStream(SessionFile(s.Id), FileMode.Open, FileAccess.Read, FileShare.Read, 1, useAsync: true);
            return await _blobs.PutAsync(data, ct).ConfigureAwait(false);
        }
        if (!s.Closed)
        {
            throw SessionProblemException.Of("concurrent_session_not_closed");
        }
        var parts = new List<(long Offset, long Length)>();
        using (var c = _db.OpenConnection())
        using (var cmd = Sql.Cmd(c, null, "SELECT offset, length FROM upload_session_parts WHERE session_id=$id ORDER BY offset", ("$id", s.Id)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                parts.Add((r.GetInt64(0), r.GetInt64(1)));
            }
        }
        long expected = 0;
        foreach (var (offset, length) in parts)
        {
            if (offset != expected)
            {
                throw SessionProblemException.Of("concurrent_session_missing_data");
            }
            expected += length;
        }
        await using var joined = new PartsStream(parts.Select(p => Path.Combine(PartsDirectory(s.Id), p.Offset.ToString(CultureInfo.InvariantCulture) + ".part")));
        return await _blobs.PutAsync(joined, ct).ConfigureAwait(false);
    }

    /// <summary>Marks the session finished (it can no longer be used) and drops its bytes.</summary>
    public async Task FinishAsync(string id)
    {
        await _db.WriteRowsAsync(c => Sql.Exec(c, null, "UPDATE upload_sessions SET finished=1 WHERE id=$id; DELETE FROM upload_session_parts WHERE session_id=$id",
            ("$id", id))).ConfigureAwait(false);
        try
        {
            File.Delete(SessionFile(id));
            if (Directory.Exists(PartsDirectory(id)))
            {
                Directory.Delete(PartsDirectory(id), recursive: true);
            }
        }
        catch (IOException)
        {
        }
        _sessionLocks.TryRemove(id, out _);
    }

    /// <summary>Not cancelled with the request: the bytes it describes are already stored.</summary>
    private Task SetStateAsync(string id, long offset, bool closed) =>
        _db.WriteRowsAsync(c => SetState(c, null, id, offset, closed));

    private static void SetState(Microsoft.Data.Sqlite.SqliteConnection c, Microsoft.Data.Sqlite.SqliteTransaction? tx, string id, long offset, bool closed) =>
        Sql.Exec(c, tx, "UPDATE upload_sessions SET offset=$o, closed=$c WHERE id=$id", ("$id", id), ("$o", offset), ("$c", closed ? 1L : 0L));

    private static async Task<(string Hash, long Length)> CopyHashedAsync(Stream body, Stream output, CancellationToken ct)
    {
        using var hasher = new ContentHasher();
        var buffer = new byte[256 * 1024];
        int n;
        while ((n = await body.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            hasher.Append(buffer.AsSpan(0, n));
            await output.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
        }
        long length = hasher.Length;
        return (hasher.Finish(), length);
    }

    /// <summary>Reads part files one after another as one stream.</summary>
    private sealed class PartsStream(IEnumerable<string> files) : Stream
    {
        private readonly IEnumerator<string> _files = files.GetEnumerator();
        private FileStream? _current;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (true)
            {
                if (_current is null)
                {
                    if (!_files.MoveNext())
                    {
                        return 0;
                    }
                    _current = new FileStream(_files.Current, FileMode.Open, FileAccess.Read, FileShare.Read, 1, useAsync: true);
                }
                int n = await _current.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (n > 0)
                {
                    return n;
                }
                await _current.DisposeAsync().ConfigureAwait(false);
                _current = null;
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _current?.Dispose();
            _files.Dispose();
            base.Dispose(disposing);
        }
    }
}
