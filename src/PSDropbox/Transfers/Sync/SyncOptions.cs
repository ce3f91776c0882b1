using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Transfers.Sync;

/// <summary>What to sync: the two folders, the direction, whether to delete, and what to leave out.</summary>
internal sealed class SyncOptions
{
    /// <summary>Full local path of the folder, without a trailing separator (unless it is a root).</summary>
    public string LocalRoot { get; init; } = "";

    /// <summary>The Dropbox folder: "" for the root, else "/a/b".</summary>
    public string RemoteRoot { get; init; } = "";

    public SyncDirection Direction { get; init; }

    /// <summary>Remove destination items the source lacks.</summary>
    public bool Delete { get; init; }

    public SyncFilter Filter { get; init; } = SyncFilter.None;

    /// <summary>The connection's encrypted folders: a Dropbox folder inside one is synced in plaintext terms.</summary>
    public IReadOnlyList<CryptFolder> Crypt { get; init; } = Array.Empty<CryptFolder>();

    /// <summary>
    /// The Dropbox folder is inside an encrypted folder: its content hashes are the ciphertext's, so files of the same size
    /// are compared by modification time (as rclone does over crypt).
    /// </summary>
    public bool Encrypted => CryptPaths.Find(Crypt, RemotePathOf("")) is not null;

    public bool Upload => Direction == SyncDirection.Upload;

    public string LocalPathOf(string relativePath) =>
        relativePath.Length == 0 ? LocalRoot : Path.Combine(LocalRoot, relativePath.Replace('/', Path.DirectorySeparatorChar));

    public string RemotePathOf(string relativePath) => relativePath.Length == 0 ? (RemoteRoot.Length == 0 ? "/" : RemoteRoot) : RemoteRoot + "/" + relativePath;
}
