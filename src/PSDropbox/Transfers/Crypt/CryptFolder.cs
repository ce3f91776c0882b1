namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// A Dropbox folder that holds an rclone crypt tree: its root path (not encrypted) and the keys and name rules below it.
/// Maps plaintext paths under the root to the stored paths and stored metadata back to plaintext names and sizes.
/// Thread-safe.
/// </summary>
internal sealed class CryptFolder : IDisposable
{
    private readonly NameCipher _names;

    public CryptFolder(string root, CryptKeys keys, CryptFilenameEncryption filenameEncryption, bool directoryNameEncryption,
        CryptFilenameEncoding filenameEncoding)
    {
        Root = root;
        RootLower = root.ToLowerInvariant();
        Keys = keys;
        FilenameEncryption = filenameEncryption;
        DirectoryNameEncryption = directoryNameEncryption;
        FilenameEncoding = filenameEncoding;
        _names = new NameCipher(keys, filenameEncryption, directoryNameEncryption, filenameEncoding);
    }

    /// <summary>The folder's path as registered, e.g. "/Vault".</summary>
    public string Root { get; }
    public string RootLower { get; }
    public CryptKeys Keys { get; }
    public CryptFilenameEncryption FilenameEncryption { get; }
    public bool DirectoryNameEncryption { get; }
    public CryptFilenameEncoding FilenameEncoding { get; }

    /// <summary>Whether a file and a folder of the same plaintext path are stored under different names.</summary>
    public bool FileAndFolderNamesDiffer => FilenameEncryption == CryptFilenameEncryption.Off || !DirectoryNameEncryption;

    /// <summary>The part of an absolute path below the root ("" for the root itself); null when the path is not inside.</summary>
    public string? RelativeOf(string path)
    {
        var lower = path.ToLowerInvariant();
        if (lower == RootLower) return "";
        return lower.StartsWith(RootLower + "/", StringComparison.Ordinal) ? path.Substring(Root.Length + 1) : null;
    }

    /// <summary>The stored path of a plaintext path below the root (relative, '/'-separated).</summary>
    public string StoredPath(string relative, bool isDirectory) =>
        relative.Length == 0 ? Root : Root + "/" + _names.EncryptPath(relative, isDirectory);

    /// <summary>
    /// The plaintext view of an item stored below the root: decrypted names, the plaintext size of a file. False (and the
    /// item unchanged, and why) when a name does not decrypt or a file's size is not one a crypt file can have.
    /// </summary>
    public bool TryDecrypt(DropboxItem stored, out DropboxItem plain, out string reason)
    {
        plain = stored;
        var relative = RelativeOf(stored.Path ?? stored.PathLower ?? "");
        if (relative is null || relative.Length == 0)
        {
            reason = "";
            return true;
        }
        var segments = relative.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var isDirectory = i < segments.Length - 1 || stored is DropboxFolder;
            if (!_names.TryDecryptName(segments[i], isDirectory, out var name, out reason)) return false;
            segments[i] = name;
        }
        var path = Root + "/" + string.Join("/", segments);
        long size = 0;
        if (stored is DropboxFile file)
        {
            if (CryptFormat.DecryptedSize(file.Size) is not long plainSize)
            {
                reason = $"Its size ({file.Size} bytes) is not the size of an encrypted file.";
                return false;
            }
            size = plainSize;
        }
        plain = Renamed(stored, segments[segments.Length - 1], path, size);
        reason = "";
        return true;
    }

    private static DropboxItem Renamed(DropboxItem stored, string name, string path, long size)
    {
        var lower = path.ToLowerInvariant();
        return stored switch
        {
            DropboxFile f => new DropboxFile
            {
                Name = name, Path = path, PathLower = lower, Id = f.Id, ClientModified = f.ClientModified, ServerModified = f.ServerModified,
                Rev = f.Rev, Size = size, IsDownloadable = f.IsDownloadable, ContentHash = f.ContentHash,
            },
            DropboxFolder d => new DropboxFolder { Name = name, Path = path, PathLower = lower, Id = d.Id },
            DropboxDeleted x => new DropboxDeleted { Name = name, Path = path, PathLower = lower, IsRestorable = x.IsRestorable },
            _ => stored,
        };
    }

    public void Dispose() => _names.Dispose();
}
