using PSDropbox.Client;
using PSDropbox.Transport;

namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// Paths and metadata across the boundary of the encrypted folders: a plaintext path a person gives becomes the stored
/// path for the call, and stored metadata comes back with plaintext names and sizes. Paths outside every encrypted
/// folder, and id: or rev: paths, pass unchanged.
/// </summary>
internal static class CryptPaths
{
    /// <summary>The folder that holds an absolute path, and the path below it; null outside every folder.</summary>
    public static (CryptFolder Folder, string Relative)? Find(IReadOnlyList<CryptFolder> folders, string? path)
    {
        if (folders.Count == 0 || DropboxPath.IsRoot(path)) return null;
        path = DropboxPath.Normalize(path!);
        if (path[0] != '/') return null;
        foreach (var folder in folders)
            if (folder.RelativeOf(path) is { } relative) return (folder, relative);
        return null;
    }

    /// <summary>
    /// The encrypted folder that <paramref name="path"/> (a normalized absolute path, "" for the root) is in, or that is
    /// that path or below it when <paramref name="orBelow"/>; null when there is none. For commands that do not encrypt, to refuse.
    /// </summary>
    public static CryptFolder? Overlapping(IReadOnlyList<CryptFolder> folders, string path, bool orBelow)
    {
        foreach (var folder in folders)
        {
            if (path.Length > 0 && folder.RelativeOf(path) is { Length: > 0 }) return folder;
            if (orBelow && (path.Length == 0 || folder.RootLower == path.ToLowerInvariant() ||
                            folder.RootLower.StartsWith(path.ToLowerInvariant() + "/", StringComparison.Ordinal))) return folder;
        }
        return null;
    }

    /// <summary>The stored path of an item about to be made (a file, or a folder when <paramref name="isDirectory"/>).</summary>
    public static string ForNew(IReadOnlyList<CryptFolder> folders, string path, bool isDirectory)
    {
        if (folders.Count == 0 || DropboxPath.IsRoot(path)) return path;
        var normalized = DropboxPath.Normalize(path);
        return Find(folders, normalized) is var (folder, relative) ? folder.StoredPath(relative, isDirectory) : path;
    }

    /// <summary>
    /// The stored path of an item that exists. Where a file and a folder are stored under different names (names not
    /// encrypted, or folder names left alone) the file's name is tried first, then the folder's.
    /// </summary>
    public static async Task<string> ExistingAsync(FilesClient files, IReadOnlyList<CryptFolder> folders, string path, CancellationToken cancellationToken)
    {
        if (folders.Count == 0 || DropboxPath.IsRoot(path)) return path;
        if (Find(folders, DropboxPath.Normalize(path)) is not var (folder, relative)) return path;
        var asFile = folder.StoredPath(relative, isDirectory: false);
        if (relative.Length == 0 || !folder.FileAndFolderNamesDiffer) return asFile;
        try
        {
            await files.GetMetadataAsync(asFile, false, cancellationToken).ConfigureAwait(false);
            return asFile;
        }
        catch (DropboxApiException e) when (e.Kind == DropboxErrorKind.NotFound)
        {
            return folder.StoredPath(relative, isDirectory: true);
        }
    }

    /// <summary>
    /// The stored source and target of a copy or move whose plaintext paths are given. Both must be outside every encrypted
    /// folder or inside the same one: anything else would leave plaintext in an encrypted folder or ciphertext outside.
    /// </summary>
    public static async Task<(string Source, string Target)> RelocationAsync(FilesClient files, IReadOnlyList<CryptFolder> folders, string source,
        string sourcePath, string target, CancellationToken cancellationToken)
    {
        var from = Find(folders, sourcePath);
        var to = Find(folders, target);
        if (from is null && to is null) return (source, target);
        if (from?.Folder != to?.Folder)
            throw new ArgumentException($"'{sourcePath}' and '{target}' are not in the same encrypted folder: a copy or move there would not re-encrypt. Download and upload instead.");
        var (folder, relative) = from!.Value;
        var stored = await ExistingAsync(files, folders, sourcePath, cancellationToken).ConfigureAwait(false);
        var isDirectory = folder.FileAndFolderNamesDiffer && stored != folder.StoredPath(relative, isDirectory: false);
        return (stored, folder.StoredPath(to!.Value.Relative, isDirectory));
    }

    /// <summary>The plaintext view of stored metadata; an item whose name does not decrypt keeps its stored name and <paramref name="warn"/> says so.</summary>
    public static DropboxItem Plain(IReadOnlyList<CryptFolder> folders, DropboxItem stored, Action<string> warn)
    {
        if (Find(folders, stored.Path ?? stored.PathLower) is not var (folder, _)) return stored;
        if (folder.TryDecrypt(stored, out var plain, out var reason)) return plain;
        warn($"'{stored.Path}' in the encrypted folder '{folder.Root}' does not decrypt and is listed under its stored name: {reason}");
        return stored;
    }

    /// <summary>Like <see cref="Plain"/>, but an item whose name does not decrypt is a <see cref="DecryptionFailedException"/>: nothing is made of it.</summary>
    public static DropboxItem Decrypted(IReadOnlyList<CryptFolder> folders, DropboxItem stored)
    {
        if (Find(folders, stored.Path ?? stored.PathLower) is not var (folder, _)) return stored;
        if (folder.TryDecrypt(stored, out var plain, out var reason)) return plain;
        throw new DecryptionFailedException($"'{stored.Path}' does not decrypt: {reason}");
    }

    /// <summary>
    /// What to report for <paramref name="failure"/> at the plaintext <paramref name="path"/>: a path not found in an
    /// encrypted folder whose names are encrypted, where no name decrypts with the folder's keys, was looked for under
    /// another password's names: that is the error (<see cref="DecryptionFailedException"/>). Anything else is reported as it is.
    /// </summary>
    public static async Task<Exception> ExplainAsync(FilesClient files, IReadOnlyList<CryptFolder> folders, string path, Exception failure,
        CancellationToken cancellationToken)
    {
        if (failure is not DropboxApiException { Kind: DropboxErrorKind.NotFound } || Find(folders, path) is not var (folder, relative) ||
            relative.Length == 0 || folder.FilenameEncryption == CryptFilenameEncryption.Off)
            return failure;
        if (!await NoneDecryptAsync(files, folder, cancellationToken).ConfigureAwait(false)) return failure;
        return new DecryptionFailedException($"no name in the encrypted folder '{folder.Root}' decrypts with its password, so this path " +
                                             "cannot be found: the folder is registered with another password (or salt, or filename settings) " +
                                             "than its names were encrypted with; register it again (Register-DropboxCryptFolder).").For(path);
    }

    /// <summary>True when the folder has entries and not one of the first of them decrypts: most likely another password or salt.</summary>
    public static async Task<bool> NoneDecryptAsync(FilesClient files, CryptFolder folder, CancellationToken cancellationToken)
    {
        try
        {
            var page = await files.ListFolderAsync(folder.Root, false, false, 100, cancellationToken).ConfigureAwait(false);
            return page.Entries.Count > 0 && !page.Entries.Any(e => folder.TryDecrypt(e, out _, out _));
        }
        catch (DropboxApiException e) when (e.Kind == DropboxErrorKind.NotFound)
        {
            return false;
        }
    }
}
