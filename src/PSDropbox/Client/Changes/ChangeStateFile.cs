using System.Text.Json;
using PSDropbox.Client.Wire;

namespace PSDropbox.Client.Changes;

/// <summary>
/// Where a change reader stands, on disk, so a scheduled task or a restarted watcher carries on exactly where the
/// last one stopped. FILE holds {path, recursive, include_deleted, cursor, baseline, updated} and is replaced atomically
/// after every batch; a null cursor means a baseline listing has begun (and must be finished, not repeated). FILE.delivered lists the changes of the batch after that cursor that were already handed on (one
/// line each, appended as they go), so a run stopped in the middle of a batch neither repeats nor misses a change.
/// </summary>
internal sealed class ChangeStateFile : IDisposable
{
    private const string Header = "cursor:";
    private readonly string _file;
    private readonly string _deliveredFile;
    private readonly HashSet<string> _delivered = new(StringComparer.Ordinal);
    private StreamWriter? _deliveredWriter;

    private ChangeStateFile(string file, string path, bool recursive, bool includeDeleted)
    {
        _file = file;
        _deliveredFile = file + ".delivered";
        Path = path;
        Recursive = recursive;
        IncludeDeleted = includeDeleted;
    }

    public string Path { get; }
    public bool Recursive { get; }
    public bool IncludeDeleted { get; }

    /// <summary>The cursor after the last completed batch; null before the first listing completed a batch.</summary>
    public string? Cursor { get; private set; }

    /// <summary>True when the file existed (a later run); false on the very first run.</summary>
    public bool Existed { get; private set; }

    /// <summary>True while the batches after <see cref="Cursor"/> are pages of a baseline listing, not changes.</summary>
    public bool InBaseline { get; private set; }

    /// <summary>
    /// Opens (or starts) the state for this folder scope. A state file written for another folder or other switches is
    /// refused rather than silently mixed up.
    /// </summary>
    public static ChangeStateFile Open(string file, string path, bool recursive, bool includeDeleted)
    {
        var state = new ChangeStateFile(file, DropboxPath.Normalize(path), recursive, includeDeleted);
        if (!File.Exists(file)) return state;

        ChangeStateDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize(File.ReadAllBytes(file), WireJson.Default.ChangeStateDocument);
        }
        catch (JsonException e)
        {
            throw new ChangeStateException(file, $"The state file '{file}' is not a PSDropbox change state ({e.Message}). Delete it to start over.", mismatch: false);
        }
        if (doc is null) throw new ChangeStateException(file, $"The state file '{file}' is empty. Delete it to start over.", mismatch: false);
        if (!string.Equals(doc.Path, state.Path, StringComparison.OrdinalIgnoreCase) || doc.Recursive != recursive || doc.IncludeDeleted != includeDeleted)
        {
            throw new ChangeStateException(file,
                $"The state file '{file}' tracks '{Display(doc.Path)}' (Recurse: {doc.Recursive}, IncludeDeleted: {doc.IncludeDeleted}), " +
                $"not '{Display(state.Path)}' (Recurse: {recursive}, IncludeDeleted: {includeDeleted}). Use one state file per folder and switches.", mismatch: true);
        }
        state.Existed = true;
        state.Cursor = doc.Cursor;
        state.InBaseline = doc.Baseline || doc.Cursor is null;
        state.LoadDelivered();
        return state;
    }

    /// <summary>True if this change was handed on before the last run stopped in the middle of the current batch.</summary>
    public bool WasDelivered(string key) => _delivered.Contains(key);

    /// <summary>Records a change as handed on (flushed to the OS before returning).</summary>
    public void MarkDelivered(string key)
    {
        if (_deliveredWriter is null)
        {
            _deliveredWriter = new StreamWriter(new FileStream(_deliveredFile, FileMode.Create, FileAccess.Write, FileShare.Read));
            _deliveredWriter.WriteLine(Header + Cursor);
            foreach (var earlier in _delivered) _deliveredWriter.WriteLine(earlier); // loaded from a stopped run: keep them
        }
        _deliveredWriter.WriteLine(key);
        _deliveredWriter.Flush();
        _delivered.Add(key);
    }

    /// <summary>
    /// A batch is complete: the cursor after it replaces the old one atomically; the delivered list starts over.
    /// <paramref name="inBaseline"/>: the batches after this cursor are still pages of a baseline listing.
    /// </summary>
    public void Commit(string? cursor, bool inBaseline = false)
    {
        var doc = new ChangeStateDocument
        {
            Path = Path, Recursive = Recursive, IncludeDeleted = IncludeDeleted, Cursor = cursor, Baseline = inBaseline && cursor is not null,
            Updated = DateTime.UtcNow,
        };
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_file));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        var temp = _file + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(doc, WireJson.Default.ChangeStateDocument));
        if (File.Exists(_file)) File.Replace(temp, _file, null);
        else File.Move(temp, _file);
        Cursor = cursor;
        InBaseline = inBaseline || cursor is null;
        Existed = true;
        CloseDelivered();
        _delivered.Clear();
        if (File.Exists(_deliveredFile)) File.Delete(_deliveredFile);
    }

    public void Dispose() => CloseDelivered();

    private void LoadDelivered()
    {
        if (!File.Exists(_deliveredFile)) return;
        using var reader = new StreamReader(_deliveredFile);
        // A list written for another cursor is stale (the batch completed, then the run stopped before deleting it).
        if (reader.ReadLine() != Header + Cursor) return;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length > 0) _delivered.Add(line);
        }
    }

    private void CloseDelivered()
    {
        _deliveredWriter?.Dispose();
        _deliveredWriter = null;
    }

    private static string Display(string path) => path.Length == 0 ? "/" : path;
}

/// <summary>A state file that cannot be used: unreadable, or written for another folder scope.</summary>
public sealed class ChangeStateException : Exception
{
    public ChangeStateException(string file, string message, bool mismatch) : base(message)
    {
        FilePath = file;
        Mismatch = mismatch;
    }

    public string FilePath { get; }
    /// <summary>True when the file is fine but tracks another folder or other switches.</summary>
    public bool Mismatch { get; }
}
