using PSDropbox.Client;

namespace PSDropbox.Completion;

/// <summary>
/// Folder listings for Tab completion, kept for a few seconds so that pressing Tab again (or typing one more letter)
/// in the same folder does not call Dropbox again. Bounded: a few folders, and at most <see cref="MaxEntries"/> items
/// of each (completion of a larger folder offers the first ones Dropbox lists).
/// </summary>
internal sealed class FolderListingCache
{
    public const int MaxEntries = 10_000;
    private const int MaxFolders = 16;

    private readonly Dictionary<(DropboxClient Client, string Folder), Listing> _listings = new();
    private readonly TimeSpan _lifetime;
    private readonly Func<DateTime> _now;

    public FolderListingCache(TimeSpan lifetime, Func<DateTime>? now = null)
    {
        _lifetime = lifetime;
        _now = now ?? (() => DateTime.UtcNow);
    }

    /// <summary>The one every completer of this process shares.</summary>
    public static FolderListingCache Shared { get; } = new(TimeSpan.FromSeconds(10));

    /// <summary>The items of <paramref name="folder"/> ("" or "/a/b"), from the cache while it is fresh.</summary>
    public async Task<IReadOnlyList<DropboxItem>> ListAsync(DropboxClient client, string folder, CancellationToken cancellationToken)
    {
        var key = (client, folder.ToLowerInvariant());
        lock (_listings)
        {
            if (_listings.TryGetValue(key, out var cached) && _now() - cached.At < _lifetime) return cached.Items;
        }
        var items = new List<DropboxItem>();
        var page = await client.Files.ListFolderAsync(folder, recursive: false, includeDeleted: false, limit: null, cancellationToken)
            .ConfigureAwait(false);
        while (true)
        {
            items.AddRange(page.Entries.Take(MaxEntries - items.Count));
            if (!page.HasMore || items.Count >= MaxEntries) break;
            page = await client.Files.ListFolderContinueAsync(page.Cursor, cancellationToken).ConfigureAwait(false);
        }
        lock (_listings)
        {
            var now = _now();
            foreach (var stale in _listings.Where(l => now - l.Value.At >= _lifetime).Select(l => l.Key).ToList()) _listings.Remove(stale);
            if (_listings.Count >= MaxFolders) _listings.Remove(_listings.OrderBy(l => l.Value.At).First().Key);
            _listings[key] = new Listing(now, items);
        }
        return items;
    }

    private sealed record Listing(DateTime At, IReadOnlyList<DropboxItem> Items);
}
