namespace PSDropbox;

/// <summary>What one Sync-DropboxFolder run did: written once, at the end of the run.</summary>
public sealed class DropboxSyncSummary
{
    private int _filesCopied;
    private long _bytesCopied;
    private int _foldersCreated;
    private int _filesDeleted;
    private long _bytesDeleted;
    private int _foldersDeleted;
    private int _filesIdentical;
    private int _errors;
    private int _notDone;

    internal DropboxSyncSummary(SyncDirection direction, string localPath, string remotePath)
    {
        Direction = direction;
        LocalPath = localPath;
        RemotePath = remotePath;
    }

    public SyncDirection Direction { get; }

    public string LocalPath { get; }

    public string RemotePath { get; }

    /// <summary>Files uploaded or downloaded.</summary>
    public int FilesCopied => Volatile.Read(ref _filesCopied);

    public long BytesCopied => Interlocked.Read(ref _bytesCopied);

    /// <summary>Folders made on the destination.</summary>
    public int FoldersCreated => Volatile.Read(ref _foldersCreated);

    /// <summary>Files deleted from the destination (or, with -BackupPath, moved there).</summary>
    public int FilesDeleted => Volatile.Read(ref _filesDeleted);

    public long BytesDeleted => Interlocked.Read(ref _bytesDeleted);

    public int FoldersDeleted => Volatile.Read(ref _foldersDeleted);

    /// <summary>Files left as they are because both sides have the same content.</summary>
    public int FilesIdentical => Volatile.Read(ref _filesIdentical);

    /// <summary>Paths reported as errors: conflicts, items that could not be compared, actions that failed.</summary>
    public int Errors => Volatile.Read(ref _errors);

    /// <summary>Planned actions not carried out: declined at a -Confirm prompt, or deletes held back by -MaxDelete.</summary>
    public int NotDone => Volatile.Read(ref _notDone);

    /// <summary>Local files read to compute their content hash (not found in the hash cache), and their bytes.</summary>
    public int FilesHashed { get; internal set; }

    public long BytesHashed { get; internal set; }

    public TimeSpan Duration { get; internal set; }

    /// <summary>Counts a settled item (called from several threads).</summary>
    internal void Count(DropboxSyncItem item)
    {
        var file = item.ItemType == SyncItemType.File;
        if (item.Status is SyncStatus.Conflict or SyncStatus.Error || item.Outcome == SyncOutcome.Failed)
        {
            Interlocked.Increment(ref _errors);
            return;
        }
        if (item.Outcome == SyncOutcome.NotDone)
        {
            Interlocked.Increment(ref _notDone);
            return;
        }
        if (item.Status == SyncStatus.Same && file)
        {
            Interlocked.Increment(ref _filesIdentical);
            return;
        }
        if (item.Outcome != SyncOutcome.Done) return;
        if (item.Action == SyncAction.Delete)
        {
            if (!file) Interlocked.Increment(ref _foldersDeleted);
            else
            {
                Interlocked.Increment(ref _filesDeleted);
                Interlocked.Add(ref _bytesDeleted, item.Size ?? 0);
            }
        }
        else if (!file) Interlocked.Increment(ref _foldersCreated);
        else
        {
            Interlocked.Increment(ref _filesCopied);
            Interlocked.Add(ref _bytesCopied, item.Size ?? 0);
        }
    }
}
