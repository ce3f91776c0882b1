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

    /// <summary>Downloads the file <paramref name="file"/> (its plaintext view) decrypted to <paramref name="target"/>. Null outside the encrypted folders.</summary>
    public static async Task<DropboxFile?> DownloadAsync(FilesClient files, IReadOnlyList<CryptFolder> folders, DropboxFile file, string target,
        IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (CryptPaths.Find(folders, file.Path ?? file.PathLower) is not var (folder, _)) return null;
        try
        {
            var stored = await new CryptDownloader(files, folder.Keys).DownloadAsync("rev:" + file.Rev, target, progress, cancellationToken).ConfigureAwait(false);
            return (DropboxFile)CryptPaths.Plain(folders, stored, _ => { });
        }
        catch (DecryptionFailedException e) when (e.Path is null)
        {
            throw e.For(file.Path ?? file.Name);
        }
    }
}
