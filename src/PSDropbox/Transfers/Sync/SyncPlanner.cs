namespace PSDropbox.Transfers.Sync;

/// <summary>
/// Merges the source and the destination, each a stream of entries sorted by <see cref="SyncKey"/>, into the plan: one
/// <see cref="DropboxSyncItem"/> per path, in the same order. Pure: no network; local files are read only to hash them
/// (through <see cref="ILocalHashes"/>), and only when both sides have a file of the same size. Memory holds the folders
/// on the current path, whatever the size of the trees.
/// Rules: a file on both sides is the same when its size and content hash are; names that are one name in Dropbox
/// (case, Unicode form), a file facing a folder, links, unreadable folders and names Dropbox refuses are left alone with
/// everything inside them, and so are items the filter leaves out; destination-only items are deleted only with Delete.
/// </summary>
internal sealed class SyncPlanner
{
    private readonly SyncOptions _options;
    private readonly ILocalHashes _hashes;
    private readonly List<Frame> _frames = new();
    private readonly HashSet<string> _partialDeletes = new(StringComparer.Ordinal);
    private readonly string _sourceName;
    private readonly string _destinationName;

    public SyncPlanner(SyncOptions options, ILocalHashes hashes)
    {
        _options = options;
        _hashes = hashes;
        _sourceName = options.Upload ? "the local folder" : "Dropbox";
        _destinationName = options.Upload ? "Dropbox" : "the local folder";
    }

    /// <summary>Files in the destination that the sync considers (not left out): the base of -MaxDelete's percentage.</summary>
    public long DestinationFiles { get; private set; }

    /// <summary>
    /// Keys of destination folders planned for deletion that keep something (an item left out or left alone): only the
    /// deleted items inside them go, the folder stays. Known once the plan has been read to the end.
    /// </summary>
    public IReadOnlyCollection<string> PartlyDeletedFolders => _partialDeletes;

    public IEnumerable<DropboxSyncItem> Plan(IEnumerable<SyncEntry> source, IEnumerable<SyncEntry> destination)
    {
        using var s = source.GetEnumerator();
        using var d = destination.GetEnumerator();
        var sourceHas = s.MoveNext();
        var destinationHas = d.MoveNext();
        var sources = new List<SyncEntry>(1);
        var destinations = new List<SyncEntry>(1);
        string? previous = null;
        while (sourceHas || destinationHas)
        {
            var key = !destinationHas ? s.Current.Key
                : !sourceHas ? d.Current.Key
                : SyncKey.Order.Compare(s.Current.Key, d.Current.Key) <= 0 ? s.Current.Key : d.Current.Key;
            if (previous is not null && SyncKey.Order.Compare(previous, key) >= 0)
                throw new InvalidOperationException($"The entries to sync are not in key order ('{previous}' before '{key}').");
            previous = key;
            sources.Clear();
            destinations.Clear();
            while (sourceHas && s.Current.Key == key)
            {
                sources.Add(s.Current);
                sourceHas = s.MoveNext();
            }
            while (destinationHas && d.Current.Key == key)
            {
                destinations.Add(d.Current);
                destinationHas = d.MoveNext();
            }
            CloseFramesOutside(key);
            foreach (var item in Decide(key, sources, destinations)) yield return item;
        }
        CloseFramesOutside(null);
    }

    private IEnumerable<DropboxSyncItem> Decide(string key, List<SyncEntry> sources, List<SyncEntry> destinations)
    {
        var parent = _frames.Count > 0 ? _frames[_frames.Count - 1] : null;
        if (parent?.Kind == FrameKind.LeftAlone)
        {
            if (destinations.Count > 0) KeepsSomething();
            yield break;
        }
        if (sources.Count > 1 || destinations.Count > 1)
        {
            foreach (var conflict in Collision(key, parent, sources, destinations)) yield return conflict;
            yield break;
        }
        var s = sources.Count == 1 ? sources[0] : null;
        var d = destinations.Count == 1 ? destinations[0] : null;
        var any = (s ?? d)!;
        var local = _options.Upload ? s : d;
        if (_options.Filter.Excludes(any.RelativePath, any.Name, any.Kind != SyncEntryKind.File))
        {
            if (d is not null) KeepsSomething();
            Push(key, FrameKind.LeftAlone, parent, s, d);
            yield break;
        }
        if (d is not null && d.Kind == SyncEntryKind.File) DestinationFiles++;
        var item = NewItem(key, parent, s, d);

        if (s?.Kind == SyncEntryKind.Link || d?.Kind == SyncEntryKind.Link)
        {
            yield return LeaveAlone(item, SyncStatus.Skipped, "a symbolic link; links are not followed", parent, s, d);
            yield break;
        }
        if (s?.Kind == SyncEntryKind.Unreadable || d?.Kind == SyncEntryKind.Unreadable)
        {
            var problem = (s?.Kind == SyncEntryKind.Unreadable ? s : d)!.Problem;
            yield return LeaveAlone(item, SyncStatus.Error, $"cannot be read: {problem}", parent, s, d);
            yield break;
        }
        if (s is not null && d is not null && s.IsFolder != d.IsFolder)
        {
            var (localKind, remoteKind) = _options.Upload ? (s, d) : (d, s);
            yield return LeaveAlone(item, SyncStatus.Conflict,
                $"a {Kind(localKind)} locally and a {Kind(remoteKind)} in Dropbox; left alone", parent, s, d);
            yield break;
        }
        if (s is not null && d is null && _options.Upload && DropboxNames.Problem(s.Name) is { } refused)
        {
            yield return LeaveAlone(item, SyncStatus.Error, $"Dropbox does not accept this name: {refused}", parent, s, d);
            yield break;
        }
        if (s is not null && !_options.Upload && !s.IsDownloadable)
        {
            yield return LeaveAlone(item, SyncStatus.Error, "Dropbox cannot download this file (it is not downloadable, e.g. a cloud document)", parent, s, d);
            yield break;
        }
        // Asked for every local file in key order, so that the cache keeps the records of files that stay.
        if (local is { Kind: SyncEntryKind.File }) item.LocalContentHash = _hashes.Cached(local);

        if (s is not null && d is null)
        {
            item.Status = SyncStatus.SourceOnly;
            if (s.IsFolder && _options.Filter.HasInclude)
                item.Reason = $"only in {_sourceName}; with -Include, folders are made only for the files they receive";
            else
            {
                item.Action = CopyAction;
                item.Reason = $"only in {_sourceName}";
            }
            if (s.IsFolder) Push(key, FrameKind.Copied, parent, s, d);
            yield return item;
            yield break;
        }
        if (s is null && d is not null)
        {
            item.Status = SyncStatus.DestinationOnly;
            var inDeletedFolder = parent?.Kind == FrameKind.Deleted;
            if (_options.Delete && (!d.IsFolder || !_options.Filter.HasInclude))
            {
                item.Action = SyncAction.Delete;
                item.Reason = inDeletedFolder ? $"only in {_destinationName}, in a folder that is deleted" : $"only in {_destinationName}";
                if (d.IsFolder) Push(key, FrameKind.Deleted, parent, s, d);
            }
            else
            {
                item.Reason = _options.Delete
                    ? $"only in {_destinationName}; with -Include, folders are not deleted for themselves (only the files in them)"
                    : $"only in {_destinationName}; kept (use -Delete to remove it)";
                if (d.IsFolder) Push(key, FrameKind.Kept, parent, s, d);
            }
            yield return item;
            yield break;
        }

        // Both sides have it.
        if (s!.IsFolder)
        {
            item.Status = SyncStatus.Same;
            item.Reason = "a folder on both sides";
            Push(key, FrameKind.Both, parent, s, d);
            yield return item;
            yield break;
        }
        yield return Compare(item, s, d!);
    }

    /// <summary>
    /// Two files: sizes first, then the content hash (the local one from the cache when the file is unchanged); in an
    /// encrypted folder, whose content hashes are the ciphertext's, the modification time instead.
    /// </summary>
    private DropboxSyncItem Compare(DropboxSyncItem item, SyncEntry s, SyncEntry d)
    {
        var (local, remote) = _options.Upload ? (s, d) : (d, s);
        if (local.Size != remote.Size)
        {
            item.Status = SyncStatus.Different;
            item.Action = CopyAction;
            item.Reason = $"sizes differ: {local.Size:N0} bytes locally, {remote.Size:N0} in Dropbox";
            return item;
        }
        if (_options.Encrypted)
        {
            var same = WholeSeconds(local.LastWriteUtc) == WholeSeconds(remote.LastWriteUtc);
            item.Status = same ? SyncStatus.Same : SyncStatus.Different;
            if (!same) item.Action = CopyAction;
            item.Reason = same
                ? "same size and modification time (encrypted: no content hash to compare)"
                : "same size, different modification time (encrypted: no content hash to compare)";
            return item;
        }
        string hash;
        try
        {
            hash = item.LocalContentHash ?? _hashes.Compute(local);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            item.Status = SyncStatus.Error;
            item.Reason = $"cannot be read: {e.Message}";
            return item;
        }
        item.LocalContentHash = hash;
        if (string.Equals(hash, remote.ContentHash, StringComparison.Ordinal))
        {
            item.Status = SyncStatus.Same;
            item.Reason = "same content hash";
        }
        else
        {
            item.Status = SyncStatus.Different;
            item.Action = CopyAction;
            item.Reason = "same size, different content hash";
        }
        return item;
    }

    /// <summary>Dropbox keeps client_modified to the second.</summary>
    private static long WholeSeconds(DateTime utc) => utc.Ticks / TimeSpan.TicksPerSecond;

    private IEnumerable<DropboxSyncItem> Collision(string key, Frame? parent, List<SyncEntry> sources, List<SyncEntry> destinations)
    {
        if (destinations.Count > 0) KeepsSomething();
        var colliding = sources.Count > 1 ? sources : destinations;
        var names = string.Join("', '", colliding.Select(e => e.Name));
        var reason = (colliding == sources) == _options.Upload
            ? $"'{names}' are one name in Dropbox, which ignores case and Unicode form; left alone"
            : $"'{names}' in Dropbox would have one local name; left alone";
        Push(key, FrameKind.LeftAlone, parent, null, null);
        // One item per colliding entry, paired with the other side's entry when it has exactly one.
        if (sources.Count > 1)
        {
            foreach (var entry in sources) yield return Conflict(entry, destinations.Count == 1 ? destinations[0] : null, entry);
        }
        if (destinations.Count > 1)
        {
            foreach (var entry in destinations) yield return Conflict(sources.Count == 1 ? sources[0] : null, entry, entry);
        }

        DropboxSyncItem Conflict(SyncEntry? s, SyncEntry? d, SyncEntry named)
        {
            var item = NewItem(key, parent, s, d, named);
            item.Status = SyncStatus.Conflict;
            item.Reason = reason;
            return item;
        }
    }

    private DropboxSyncItem LeaveAlone(DropboxSyncItem item, SyncStatus status, string reason, Frame? parent, SyncEntry? s, SyncEntry? d)
    {
        item.Status = status;
        item.Reason = reason;
        if (d is not null) KeepsSomething();
        Push(item.Key, FrameKind.LeftAlone, parent, s, d);
        return item;
    }

    private SyncAction CopyAction => _options.Upload ? SyncAction.Upload : SyncAction.Download;

    /// <param name="named">The entry whose spelling names the item (default: the source's, else the destination's).</param>
    private DropboxSyncItem NewItem(string key, Frame? parent, SyncEntry? s, SyncEntry? d, SyncEntry? named = null)
    {
        var (sourceRelative, destinationRelative) = RelativePaths(parent, s, d);
        var (localRelative, remoteRelative) = _options.Upload ? (sourceRelative, destinationRelative) : (destinationRelative, sourceRelative);
        var (local, remote) = _options.Upload ? (s, d) : (d, s);
        var kinds = (s ?? d)!.Kind;
        var type = s?.Kind == SyncEntryKind.Link || d?.Kind == SyncEntryKind.Link ? SyncItemType.SymbolicLink
            : kinds == SyncEntryKind.File ? SyncItemType.File : SyncItemType.Folder;
        var item = new DropboxSyncItem((named ?? s ?? d)!.RelativePath, type, _options.Direction, _options.LocalPathOf(localRelative), _options.RemotePathOf(remoteRelative))
        {
            Key = key,
        };
        if (local is { Kind: SyncEntryKind.File })
        {
            item.LocalSize = local.Size;
            item.LocalLastWriteTime = local.LastWriteUtc.ToLocalTime();
            item.LocalLastWriteUtc = local.LastWriteUtc;
        }
        if (remote is { Kind: SyncEntryKind.File })
        {
            item.RemoteSize = remote.Size;
            item.RemoteLastWriteTime = remote.LastWriteUtc.ToLocalTime();
            item.RemoteContentHash = remote.ContentHash;
            item.RemoteRev = remote.Rev;
        }
        return item;
    }

    /// <summary>
    /// Where the item is (or would be) on each side: as that side spells it when it has it, else inside the parent as that
    /// side spells the parent, so that a new file joins an existing folder whatever its case.
    /// </summary>
    private (string Source, string Destination) RelativePaths(Frame? parent, SyncEntry? s, SyncEntry? d)
    {
        var source = s?.RelativePath ?? Join(parent?.SourcePath, d!.Name, toLocal: _options.Upload);
        var destination = d?.RelativePath ?? Join(parent?.DestinationPath, s!.Name, toLocal: !_options.Upload);
        return (source, destination);
    }

    private static string Join(string? parentPath, string name, bool toLocal)
    {
        var localName = toLocal ? LocalNames.MakeSafe(name) : name;
        return string.IsNullOrEmpty(parentPath) ? localName : parentPath + "/" + localName;
    }

    private void Push(string key, FrameKind kind, Frame? parent, SyncEntry? s, SyncEntry? d)
    {
        var (source, destination) = s is null && d is null ? ("", "") : RelativePaths(parent, s, d);
        _frames.Add(new Frame(key, kind, source, destination));
    }

    /// <summary>Something inside the folders being deleted stays, so they stay too (only what is deleted inside them goes).</summary>
    private void KeepsSomething()
    {
        foreach (var frame in _frames)
        {
            if (frame.Kind == FrameKind.Deleted) frame.Whole = false;
        }
    }

    private void CloseFramesOutside(string? key)
    {
        while (_frames.Count > 0)
        {
            var top = _frames[_frames.Count - 1];
            if (key is not null && SyncKey.IsInside(key, top.Key)) return;
            _frames.RemoveAt(_frames.Count - 1);
            if (top.Kind == FrameKind.Deleted && !top.Whole) _partialDeletes.Add(top.Key);
        }
    }

    private static string Kind(SyncEntry entry) => entry.IsFolder ? "folder" : "file";

    private enum FrameKind
    {
        /// <summary>Both sides have the folder.</summary>
        Both,
        /// <summary>Only the source has it: it is created.</summary>
        Copied,
        /// <summary>Only the destination has it and it is deleted.</summary>
        Deleted,
        /// <summary>Only the destination has it and it stays.</summary>
        Kept,
        /// <summary>Nothing inside is synced (left out, or left alone).</summary>
        LeftAlone,
    }

    /// <summary>A folder on the current path of the merge.</summary>
    private sealed class Frame(string key, FrameKind kind, string sourcePath, string destinationPath)
    {
        public string Key { get; } = key;
        public FrameKind Kind { get; } = kind;
        public string SourcePath { get; } = sourcePath;
        public string DestinationPath { get; } = destinationPath;
        public bool Whole { get; set; } = true;
    }
}
