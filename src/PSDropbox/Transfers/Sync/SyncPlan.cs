using PSDropbox.Client;

namespace PSDropbox.Transfers.Sync;

/// <summary>
/// Everything a plan is read from: the remote listing (sorted), the local walk and the hash cache. Compare-DropboxFolder
/// reads the items; Sync-DropboxFolder reads them and acts on each. The plan can be read once.
/// </summary>
internal sealed class SyncPlan : IDisposable
{
    private readonly RemoteListing _remote;

    private SyncPlan(SyncOptions options, RemoteListing remote, HashCache hashes, CancellationToken cancellationToken)
    {
        Options = options;
        _remote = remote;
        Hashes = hashes;
        Planner = new SyncPlanner(options, hashes);
        var local = new LocalWalker(options.LocalRoot, options.Filter, cancellationToken).Walk();
        var remoteEntries = remote.Sorted();
        Items = options.Upload ? Planner.Plan(local, remoteEntries) : Planner.Plan(remoteEntries, local);
    }

    public SyncOptions Options { get; }

    public HashCache Hashes { get; }

    public SyncPlanner Planner { get; }

    /// <summary>The plan, in key order, computed as it is read.</summary>
    public IEnumerable<DropboxSyncItem> Items { get; }

    /// <summary>
    /// Lists the Dropbox folder and opens the local folder's hash cache (in <paramref name="cacheDirectory"/>; null keeps none).
    /// The source must exist; a missing destination folder is planned as empty.
    /// </summary>
    public static async Task<SyncPlan> PrepareAsync(FilesClient files, SyncOptions options, string? cacheDirectory, CancellationToken cancellationToken)
    {
        CheckLocalRoot(options);
        var remote = await RemoteListing.ListAsync(files, options.RemoteRoot, options.Crypt, localNames: !options.Upload, missingIsEmpty: options.Upload,
            cancellationToken).ConfigureAwait(false);
        HashCache? hashes = null;
        try
        {
            hashes = HashCache.Open(options.LocalRoot, cacheDirectory, cancellationToken);
            return new SyncPlan(options, remote, hashes, cancellationToken);
        }
        catch
        {
            hashes?.Dispose();
            remote.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The local folder must not be a file, and must exist when it is the source (an upload); a download creates it.
    /// <see cref="NotALocalFolderException"/> or <see cref="DirectoryNotFoundException"/> otherwise.
    /// </summary>
    public static void CheckLocalRoot(SyncOptions options)
    {
        if (File.Exists(options.LocalRoot))
            throw new NotALocalFolderException(options.LocalRoot, "give the local folder to sync");
        if (options.Upload && !Directory.Exists(options.LocalRoot))
            throw new DirectoryNotFoundException($"The local folder '{options.LocalRoot}' does not exist.");
    }

    public void Dispose()
    {
        _remote.Dispose();
        Hashes.Dispose();
    }
}
