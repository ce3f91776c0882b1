using PSDropbox.Client;
using PSDropbox.Client.Wire;

namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// The one hook the transfer cmdlets call: a file whose (plaintext) Dropbox path is inside an encrypted folder is
/// encrypted on the way up and decrypted on the way down; anywhere else these return null and the caller transfers the
/// bytes as they are.
/// </summary>
internal static class CryptTransfers
{
    /// <summary>Uploads to <paramref name="commit"/>'s plaintext path, encrypted; the result is the plaintext view. Null outside the encrypted folders.</summary>
    public static async Task<DropboxFile?> UploadAsync(FilesClient files, IReadOnlyList<CryptFolder> folders, string localPath, CommitInfo commit,
        bool resume, long chunkSize, IProgress<long>? progress, Action<string> warn, CancellationToken cancellationToken)
    {
        if (CryptPaths.Find(folders, commit.Path) is not var (folder, relative)) return null;
        commit.Path = folder.StoredPath(relative, isDirectory: false);
        var stored = await new CryptUploader(files, folder.Keys, chunkSize).UploadAsync(localPath, commit, resume, progress, cancellationToken).ConfigureAwait(false);
        return (DropboxFile)CryptPaths.Plain(folders, stored, warn);
    }

    /// <summary>
    /// The plaintext of <paramref name="stored"/>, the content of <paramref name="path"/> as downloaded, when that path is
    /// inside an encrypted folder (each block authenticated before its bytes are read); else <paramref name="stored"/> itself.
    /// </summary>
    public static async Task<Stream> OpenReadAsync(IReadOnlyList<CryptFolder> folders, string path, Stream stored, CancellationToken cancellationToken)
    {
        if (CryptPaths.Find(folders, path) is not var (folder, _)) return stored;
        try
        {
            return await DecryptingStream.OpenAsync(stored, folder.Keys.DataKey, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            stored.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Downloads the file <paramref name="file"/> (its plaintext view) decrypted to <paramref name="target"/>, continuing a
    /// partial file of the same revision with <paramref name="resume"/>. Null outside the encrypted folders.
    /// </summary>
    public static async Task<DropboxFile?> DownloadAsync(FilesClient files, IReadOnlyList<CryptFolder> folders, DropboxFile file, string target, bool resume,
        IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (CryptPaths.Find(folders, file.Path ?? file.PathLower) is not var (folder, _)) return null;
        try
        {
            var stored = await new CryptDownloader(files, folder.Keys).DownloadAsync(file.Rev ?? throw new ArgumentException($"'{file.Path}' has no revision to download."), target, resume, progress, cancellationToken).ConfigureAwait(false);
            return (DropboxFile)CryptPaths.Plain(folders, stored, _ => { });
        }
        catch (DecryptionFailedException e) when (e.Path is null)
        {
            throw e.For(file.Path ?? file.Name);
        }
    }

    /// <summary>
    /// Whether <paramref name="localPath"/> holds the plaintext of <paramref name="file"/> (its plaintext view), decided as
    /// rclone's cryptcheck does: sealed under the file's own nonce (its 32-byte header, one ranged request), the local bytes
    /// have the content hash Dropbox reports. No file content is downloaded. Null outside the encrypted folders.
    /// </summary>
    public static async Task<bool?> SameContentAsync(FilesClient files, IReadOnlyList<CryptFolder> folders, DropboxFile file, string localPath,
        CancellationToken cancellationToken)
    {
        if (CryptPaths.Find(folders, file.Path ?? file.PathLower) is not var (folder, _)) return null;
        if (file.ContentHash is null || file.Rev is null || new FileInfo(localPath).Length != file.Size) return false;
        byte[] nonce;
        using (var response = await files.DownloadAsync("rev:" + file.Rev, 0, cancellationToken, rangeEnd: CryptFormat.HeaderSize - 1).ConfigureAwait(false))
        {
            var header = new byte[CryptFormat.HeaderSize];
            nonce = DecryptingStream.ReadHeader(header, await DecryptingStream.ReadFillAsync(response.Content, header, 0, header.Length, cancellationToken)
                .ConfigureAwait(false));
        }
        using var plain = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var encrypted = new EncryptingStream(plain, folder.Keys.DataKey, nonce);
        using var hasher = new ContentHasher();
        var buffer = new byte[CryptFormat.HeaderSize + 16 * CryptFormat.BlockSize]; // whole blocks, sealed in parallel
        int n;
        while ((n = await encrypted.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0) hasher.Append(buffer, 0, n);
        return string.Equals(hasher.Finish(), file.ContentHash, StringComparison.Ordinal);
    }
}
