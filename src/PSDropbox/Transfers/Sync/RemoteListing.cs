using PSDropbox.Client;
using PSDropbox.Transfers.Crypt;
using PSDropbox.Transport;

namespace PSDropbox.Transfers.Sync;

/// <summary>
/// The Dropbox side of a sync: the folder's recursive listing (files/list_folder, page by page), turned into entries and
/// sorted by <see cref="SyncKey"/> through an <see cref="ExternalSorter{T}"/>, since Dropbox lists in no promised order.
/// Names are keyed as they would be named locally when the sync downloads (see <see cref="LocalNames"/>), so that a name
/// that cannot be used locally as it is still meets its local copy. Inside an encrypted folder the stored items are listed
/// under their plaintext names and sizes, without a content hash (theirs is the ciphertext's); an item whose name does not
/// decrypt is listed as unreadable, so that the sync reports it and leaves it alone.
/// </summary>
internal sealed class RemoteListing : IDisposable
{
    private readonly ExternalSorter<SyncEntry> _sorter;

    private RemoteListing(int runSize) =>
        _sorter = new ExternalSorter<SyncEntry>(Comparer<SyncEntry>.Create((a, b) => SyncKey.Order.Compare(a.Key, b.Key)), (w, e) => e.Write(w), SyncEntry.Read, runSize);

    /// <summary>How many entries were listed.</summary>
    public long Count => _sorter.Count;

    public IEnumerable<SyncEntry> Sorted() => _sorter.Sorted();

    /// <param name="root">"" for the root, else a /path (plaintext, when it is inside one of <paramref name="crypt"/>).</param>
    /// <param name="localNames">Key names as they would be written locally (a download).</param>
    /// <param name="missingIsEmpty">A folder that does not exist lists as empty (it is created by the sync) instead of failing.</param>
    /// <exception cref="DropboxApiException">The root is a file (not_folder), missing (not_found), or cannot be read.</exception>
    public static async Task<RemoteListing> ListAsync(FilesClient files, string root, IReadOnlyList<CryptFolder> crypt, bool localNames, bool missingIsEmpty,
        CancellationToken cancellationToken, int runSize = ExternalSorter<SyncEntry>.DefaultRunSize)
    {
        var listing = new RemoteListing(runSize);
        try
        {
            await listing.FillAsync(files, root, crypt, localNames, missingIsEmpty, cancellationToken).ConfigureAwait(false);
            return listing;
        }
        catch
        {
            listing.Dispose();
            throw;
        }
    }

    private async Task FillAsync(FilesClient files, string root, IReadOnlyList<CryptFolder> crypt, bool localNames, bool missingIsEmpty,
        CancellationToken cancellationToken)
    {
        ListFolderPage page;
        try
        {
            page = await files.ListFolderAsync(CryptPaths.ForNew(crypt, root, isDirectory: true), recursive: true, includeDeleted: false, limit: null,
                cancellationToken).ConfigureAwait(false);
        }
        catch (DropboxApiException e) when (missingIsEmpty && e.Kind == DropboxErrorKind.NotFound)
        {
            return;
        }
        var rootDepth = root.Length == 0 ? 0 : root.Count(c => c == '/');
        while (true)
        {
            foreach (var stored in page.Entries)
            {
                if (stored is not DropboxFile && stored is not DropboxFolder) continue;
                var folder = CryptPaths.Find(crypt, stored.Path ?? stored.PathLower)?.Folder;
                var item = stored;
                string? problem = null;
                if (folder is not null)
                {
                    if (folder.TryDecrypt(stored, out var plain, out var reason)) item = plain;
                    else problem = reason;
                }
                var names = (item.Path ?? item.PathLower ?? "").Split('/');
                if (names.Length - 1 <= rootDepth) continue; // the folder itself
                var relative = new string[names.Length - 1 - rootDepth];
                Array.Copy(names, rootDepth + 1, relative, 0, relative.Length);
                _sorter.Add(problem is null
                    ? Entry(item, relative, localNames, encrypted: folder is not null)
                    : new SyncEntry(KeyOf(relative, localNames), string.Join("/", relative), SyncEntryKind.Unreadable)
                    {
                        Problem = $"it is in the encrypted folder '{folder!.Root}' and its name does not decrypt ({problem})",
                    });
            }
            if (!page.HasMore) return;
            page = await files.ListFolderContinueAsync(page.Cursor, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The key of a Dropbox item from its names below the synced folder (see the class summary).</summary>
    internal static string KeyOf(IEnumerable<string> relative, bool localNames)
    {
        var key = "";
        foreach (var name in relative) key = SyncKey.Child(key, localNames ? SafeName(name) : name);
        return key;
    }

    private static SyncEntry Entry(DropboxItem item, string[] relative, bool localNames, bool encrypted)
    {
        var key = KeyOf(relative, localNames);
        var path = string.Join("/", relative);
        return item switch
        {
            DropboxFile file => new SyncEntry(key, path, SyncEntryKind.File)
            {
                Size = file.Size,
                LastWriteUtc = DateTime.SpecifyKind(file.ClientModified, DateTimeKind.Utc),
                ContentHash = encrypted ? null : file.ContentHash,
                Rev = file.Rev,
                IsDownloadable = file.IsDownloadable,
            },
            _ => new SyncEntry(key, path, SyncEntryKind.Folder),
        };
    }

    private static string SafeName(string name)
    {
        try
        {
            return LocalNames.MakeSafe(name);
        }
        catch (UnsafeLocalNameException)
        {
            return name;
        }
    }

    public void Dispose() => _sorter.Dispose();
}
