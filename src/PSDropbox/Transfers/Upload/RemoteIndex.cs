using System.Collections.Concurrent;
using PSDropbox.Client;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Transfers.Upload;

/// <summary>
/// The files already in Dropbox where an upload lands, for -SkipIdentical: one (recursive) list_folder per
/// <see cref="RemoteScope"/>, not a request per file. Holds one entry per remote file of the scopes listed. Inside an
/// encrypted folder the files are held under their plaintext paths (names that do not decrypt cannot match and are left out).
/// </summary>
internal sealed class RemoteIndex
{
    private readonly FilesClient _files;
    private readonly IReadOnlyList<CryptFolder> _crypt;
    private readonly ConcurrentDictionary<RemoteScope, Lazy<Task<Dictionary<string, DropboxFile>>>> _scopes = new();

    public RemoteIndex(FilesClient files, IReadOnlyList<CryptFolder> crypt)
    {
        _files = files;
        _crypt = crypt;
    }

    /// <summary>The remote file at the job's path, or null.</summary>
    public async Task<DropboxFile?> FindAsync(UploadJob job, CancellationToken cancellationToken)
    {
        var listing = _scopes.GetOrAdd(job.Scope, scope => new Lazy<Task<Dictionary<string, DropboxFile>>>(() => ListAsync(scope, cancellationToken)));
        var files = await listing.Value.ConfigureAwait(false);
        return files.TryGetValue(job.RemotePath.ToLowerInvariant(), out var file) ? file : null;
    }

    private DropboxFile? Plain(DropboxFile stored)
    {
        if (CryptPaths.Find(_crypt, stored.PathLower) is not var (folder, _)) return stored;
        return folder.TryDecrypt(stored, out var plain, out _) ? (DropboxFile)plain : null;
    }

    private async Task<Dictionary<string, DropboxFile>> ListAsync(RemoteScope scope, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, DropboxFile>(StringComparer.Ordinal);
        ListFolderPage page;
        try
        {
            page = await _files.ListFolderAsync(CryptPaths.ForNew(_crypt, scope.Folder, isDirectory: true), scope.Recursive, includeDeleted: false, limit: null,
                cancellationToken).ConfigureAwait(false);
        }
        catch (DropboxApiException e) when (e.Kind == DropboxErrorKind.NotFound)
        {
            return files; // nothing uploaded there yet
        }
        while (true)
        {
            foreach (var stored in page.Entries.OfType<DropboxFile>())
            {
                if (Plain(stored) is { PathLower: { } lower } file) files[lower] = file;
            }
            if (!page.HasMore) return files;
            page = await _files.ListFolderContinueAsync(page.Cursor, cancellationToken).ConfigureAwait(false);
        }
    }
}
