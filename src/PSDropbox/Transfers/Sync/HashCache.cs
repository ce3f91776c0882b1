using System.Security.Cryptography;
using System.Text;

namespace PSDropbox.Transfers.Sync;

/// <summary>Content hashes of the local side of a sync, for the planner (which asks in key order).</summary>
internal interface ILocalHashes
{
    /// <summary>The hash recorded for this file when its size and last write time are unchanged, else null.</summary>
    string? Cached(SyncEntry local);

    /// <summary>Reads the file and computes its content hash.</summary>
    string Compute(SyncEntry local);
}

/// <summary>
/// The content hashes of one local folder's files, kept between runs so that a run over an unchanged tree reads no file
/// contents. One file per synced local folder under the user's local data folder (PSDropbox/hash-cache), named by a hash
/// of the folder's full path; its records (key, size, last write time, content hash) are sorted by <see cref="SyncKey"/>,
/// so the planner's walk reads it in step, one record at a time, and the new file is written through an
/// <see cref="ExternalSorter{T}"/>: memory stays bounded whatever the number of files. A record is used only when the
/// file's size and last write time (to the tick) are unchanged. A lock file keeps two runs on one folder from writing the
/// cache at once (the second runs without it).
/// </summary>
internal sealed class HashCache : ILocalHashes, IDisposable
{
    private const string Magic = "PSDropbox hash cache 1";
    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private readonly string _root;
    private readonly string? _file;
    private readonly FileStream? _lock;
    private readonly BinaryReader? _old;
    private readonly ExternalSorter<CacheRecord> _next;
    private readonly CancellationToken _cancellationToken;
    private CacheRecord? _oldCurrent;
    private byte[]? _buffer;
    private int _filesHashed;
    private long _bytesHashed;

    private HashCache(string root, string? file, FileStream? lockFile, int runSize, CancellationToken cancellationToken)
    {
        _root = root;
        _file = file;
        _lock = lockFile;
        _cancellationToken = cancellationToken;
        _next = new ExternalSorter<CacheRecord>(CacheRecord.Order, (w, r) => r.Write(w), CacheRecord.Read, runSize);
        if (file is not null && File.Exists(file)) _old = OpenOld(file, root);
        ReadOld();
    }

    /// <summary>PSDropbox/hash-cache under the user's local application data folder.</summary>
    public static string DefaultDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "PSDropbox", "hash-cache");

    /// <summary>
    /// Opens the cache of <paramref name="localRoot"/> in <paramref name="directory"/> (null: hashes are computed every time and
    /// not kept). When another run holds the folder's cache, this one runs without it and <see cref="Busy"/> is true.
    /// </summary>
    public static HashCache Open(string localRoot, string? directory, CancellationToken cancellationToken, int runSize = ExternalSorter<CacheRecord>.DefaultRunSize)
    {
        if (directory is null) return new HashCache(localRoot, null, null, runSize, cancellationToken);
        Directory.CreateDirectory(directory);
        var name = FileNameFor(localRoot);
        var file = Path.Combine(directory, name);
        try
        {
            var lockFile = new FileStream(file + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            return new HashCache(localRoot, file, lockFile, runSize, cancellationToken);
        }
        catch (IOException)
        {
            return new HashCache(localRoot, null, null, runSize, cancellationToken) { Busy = true };
        }
    }

    /// <summary>Another run holds this folder's cache: hashes are computed and not kept.</summary>
    public bool Busy { get; private init; }

    /// <summary>How many files this run read to hash them, and how many bytes.</summary>
    public int FilesHashed => Volatile.Read(ref _filesHashed);

    public long BytesHashed => Interlocked.Read(ref _bytesHashed);

    public string? Cached(SyncEntry local)
    {
        while (_oldCurrent is { } record && SyncKey.Order.Compare(record.Key, local.Key) < 0) ReadOld();
        if (_oldCurrent is not { } match || match.Key != local.Key || match.Size != local.Size || match.LastWriteTicks != local.LastWriteUtc.Ticks)
            return null;
        Keep(match);
        return match.Hash;
    }

    public string Compute(SyncEntry local)
    {
        var path = Path.Combine(_root, local.RelativePath.Replace('/', Path.DirectorySeparatorChar));
        var started = DateTime.UtcNow;
        var buffer = _buffer ??= new byte[1024 * 1024]; // the planner asks one file at a time
        string hash;
        long length = 0;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.SequentialScan))
        using (var hasher = new ContentHasher())
        {
            int n;
            while ((n = file.Read(buffer, 0, buffer.Length)) > 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                hasher.Append(buffer, 0, n);
                length += n;
            }
            hash = hasher.Finish();
        }
        Interlocked.Increment(ref _filesHashed);
        Interlocked.Add(ref _bytesHashed, length);
        var after = new FileInfo(path);
        if (length != local.Size || after.Length != local.Size || after.LastWriteTimeUtc != local.LastWriteUtc)
            throw new IOException($"'{path}' changed while it was being read; it is compared again on the next run.");
        Record(local.Key, local.Size, local.LastWriteUtc, hash, started);
        return hash;
    }

    /// <summary>Records a hash learnt elsewhere (a file just uploaded or downloaded). Thread-safe.</summary>
    public void Record(string key, long size, DateTime lastWriteUtc, string hash) => Record(key, size, lastWriteUtc, hash, DateTime.UtcNow);

    private void Record(string key, long size, DateTime lastWriteUtc, string hash, DateTime hashedAt)
    {
        // A file system that keeps whole seconds could see the file changed again within the same second without a new
        // time (git's "racy" case): such a recent time is not trusted.
        var wholeSeconds = lastWriteUtc.Ticks % TimeSpan.TicksPerSecond == 0;
        if (wholeSeconds && lastWriteUtc > hashedAt - RacyWindow) return;
        Keep(new CacheRecord(key, size, lastWriteUtc.Ticks, hash));
    }

    private void Keep(CacheRecord record)
    {
        if (_file is null) return;
        lock (_next) _next.Add(record);
    }

    /// <summary>
    /// For a run stopped before the end of its plan: keeps the old records the plan had not reached yet as well, so that
    /// the next run does not read those files again.
    /// </summary>
    public void SaveInterrupted()
    {
        if (_file is null) return;
        while (_oldCurrent is { } record)
        {
            Keep(record);
            ReadOld();
        }
        Save();
    }

    /// <summary>Writes the records of this run (the last one of each key wins) as the folder's cache.</summary>
    public void Save()
    {
        if (_file is null) return;
        _old?.Dispose();
        var temporary = _file + ".new";
        lock (_next)
        {
            using (var writer = new BinaryWriter(new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024), Encoding.UTF8))
            {
                writer.Write(Magic);
                writer.Write(_root);
                CacheRecord? pending = null;
                foreach (var record in _next.Sorted())
                {
                    if (pending is not null && pending.Key != record.Key) pending.Write(writer);
                    pending = record;
                }
                pending?.Write(writer);
            }
        }
        if (File.Exists(_file)) File.Replace(temporary, _file, null);
        else File.Move(temporary, _file);
    }

    private void ReadOld()
    {
        _oldCurrent = null;
        if (_old is null) return;
        try
        {
            if (_old.BaseStream.Position < _old.BaseStream.Length) _oldCurrent = CacheRecord.Read(_old);
        }
        catch (Exception e) when (e is IOException || e is FormatException)
        {
            _oldCurrent = null; // a damaged cache is only a slower run
        }
    }

    private static BinaryReader? OpenOld(string file, string root)
    {
        BinaryReader? reader = null;
        try
        {
            reader = new BinaryReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024), Encoding.UTF8);
            if (reader.ReadString() == Magic && reader.ReadString() == root) return reader;
        }
        catch (Exception e) when (e is IOException || e is FormatException || e is UnauthorizedAccessException)
        {
            // unreadable: start a new one
        }
        reader?.Dispose();
        return null;
    }

    private static string FileNameFor(string localRoot)
    {
        using var sha = SHA256.Create();
        var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(localRoot));
        return BitConverter.ToString(digest, 0, 16).Replace("-", "").ToLowerInvariant() + ".hashes";
    }

    public void Dispose()
    {
        _old?.Dispose();
        _next.Dispose();
        _lock?.Dispose();
    }

    internal sealed class CacheRecord
    {
        public static readonly IComparer<CacheRecord> Order = Comparer<CacheRecord>.Create((a, b) => SyncKey.Order.Compare(a.Key, b.Key));

        public CacheRecord(string key, long size, long lastWriteTicks, string hash)
        {
            Key = key;
            Size = size;
            LastWriteTicks = lastWriteTicks;
            Hash = hash;
        }

        public string Key { get; }
        public long Size { get; }
        public long LastWriteTicks { get; }
        public string Hash { get; }

        public void Write(BinaryWriter writer)
        {
            writer.Write(Key);
            writer.Write(Size);
            writer.Write(LastWriteTicks);
            writer.Write(Hash);
        }

        public static CacheRecord Read(BinaryReader reader) => new(reader.ReadString(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadString());
    }
}
