namespace PSDropbox.Transfers.Sync;

/// <summary>
/// Walks a local folder in <see cref="SyncKey"/> order, lazily: a folder's entries are listed and sorted, and each
/// subfolder's own entries follow it, so memory holds the entries of the folders on the current path only. Symbolic
/// links are reported as links and not followed. A folder left out by the filter, a folder whose name collides with a
/// sibling's (same key), and a folder that cannot be listed are reported but not entered.
/// </summary>
internal sealed class LocalWalker
{
    private readonly string _root;
    private readonly SyncFilter _filter;
    private readonly CancellationToken _cancellationToken;

    public LocalWalker(string root, SyncFilter filter, CancellationToken cancellationToken)
    {
        _root = root;
        _filter = filter;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The entries below the root (not the root itself). A root that cannot be listed throws.</summary>
    public IEnumerable<SyncEntry> Walk() => Directory.Exists(_root) ? Walk(List(new DirectoryInfo(_root), ""), "") : Array.Empty<SyncEntry>();

    private IEnumerable<SyncEntry> Walk(List<(string Key, FileSystemInfo Info)> entries, string relativePrefix)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var (key, info) = entries[i];
            var relative = relativePrefix + info.Name;
            var collides = (i > 0 && entries[i - 1].Key == key) || (i + 1 < entries.Count && entries[i + 1].Key == key);
            if ((info.Attributes & FileAttributes.ReparsePoint) != 0)
            {
                yield return new SyncEntry(key, relative, SyncEntryKind.Link);
            }
            else if (info is FileInfo file)
            {
                yield return new SyncEntry(key, relative, SyncEntryKind.File) { Size = file.Length, LastWriteUtc = file.LastWriteTimeUtc };
            }
            else if (collides || _filter.Excludes(relative, info.Name, isFolder: true))
            {
                yield return new SyncEntry(key, relative, SyncEntryKind.Folder) { LastWriteUtc = info.LastWriteTimeUtc };
            }
            else
            {
                List<(string, FileSystemInfo)> children;
                string? problem = null;
                try
                {
                    children = List((DirectoryInfo)info, key);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    children = new List<(string, FileSystemInfo)>();
                    problem = e.Message;
                }
                if (problem is not null)
                {
                    yield return new SyncEntry(key, relative, SyncEntryKind.Unreadable) { Problem = problem };
                    continue;
                }
                yield return new SyncEntry(key, relative, SyncEntryKind.Folder) { LastWriteUtc = info.LastWriteTimeUtc };
                foreach (var entry in Walk(children, relative + "/")) yield return entry;
            }
        }
    }

    /// <summary>A folder's entries with their keys, sorted by key (names that collide by name, so the order is fixed).</summary>
    private static List<(string Key, FileSystemInfo Info)> List(DirectoryInfo folder, string parentKey)
    {
        var entries = folder.EnumerateFileSystemInfos().Select(info => (Key: SyncKey.Child(parentKey, info.Name), Info: info)).ToList();
        entries.Sort((a, b) =>
        {
            var c = SyncKey.Order.Compare(a.Key, b.Key);
            return c != 0 ? c : string.CompareOrdinal(a.Info.Name, b.Info.Name);
        });
        return entries;
    }
}
