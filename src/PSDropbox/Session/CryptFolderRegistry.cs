using PSDropbox.Transfers.Crypt;

namespace PSDropbox;

/// <summary>
/// The encrypted folders of one connection (Register-DropboxCryptFolder). Folders do not nest: a path is inside at most
/// one of them. With a stored profile, every change is written to the profile as well (key material, never passwords).
/// Thread-safe.
/// </summary>
internal sealed class CryptFolderRegistry
{
    private readonly object _gate = new();
    private List<CryptFolder> _folders = new();

    public IReadOnlyList<CryptFolder> All
    {
        get { lock (_gate) return _folders.ToList(); }
    }

    /// <summary>Adds (or replaces, for the same path) a folder; refuses one inside or around another.</summary>
    public void Add(CryptFolder folder)
    {
        lock (_gate)
        {
            foreach (var other in _folders)
            {
                if (other.RootLower == folder.RootLower) continue;
                if (other.RelativeOf(folder.Root) is not null || folder.RelativeOf(other.Root) is not null)
                    throw new ArgumentException($"'{folder.Root}' cannot be an encrypted folder: '{other.Root}' is one already and encrypted folders do not nest.");
            }
            _folders = _folders.Where(f => f.RootLower != folder.RootLower).Append(folder).OrderBy(f => f.RootLower, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Removes the folder registered at <paramref name="root"/>; false when there is none.</summary>
    public bool Remove(string root)
    {
        lock (_gate)
        {
            var lower = root.ToLowerInvariant();
            var kept = _folders.Where(f => f.RootLower != lower).ToList();
            if (kept.Count == _folders.Count) return false;
            _folders = kept;
            return true;
        }
    }

    /// <summary>Writes the folders into the stored profile, under its lock; a profile removed meanwhile stays removed.</summary>
    public async Task SaveToAsync(ProfileTarget target, CancellationToken cancellationToken)
    {
        using (await target.Store.LockAsync(target.Name, cancellationToken).ConfigureAwait(false))
        {
            var stored = target.Store.Read(target.Name) ?? throw new ProfileNotFoundException(target.Name, target.Store.Directory);
            stored.CryptFolders = All.Select(StoredCryptFolder.From).ToList();
            if (stored.CryptFolders.Count == 0) stored.CryptFolders = null;
            target.Store.Write(stored);
        }
    }

    public void Load(IEnumerable<StoredCryptFolder>? stored)
    {
        foreach (var folder in stored ?? Enumerable.Empty<StoredCryptFolder>()) Add(folder.ToFolder());
    }
}
