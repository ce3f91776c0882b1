using System.Management.Automation;
using PSDropbox.Client;

namespace PSDropbox.Provider;

public sealed partial class DropboxProvider
{
    protected override object GetChildItemsDynamicParameters(string path, bool recurse) => new DropboxChildItemParameters();

    protected override void GetChildItems(string path, bool recurse) => GetChildItems(path, recurse, uint.MaxValue);

    /// <summary>
    /// Get-ChildItem: the folder's items, streamed page by page as Dropbox lists them. -Recurse without -Depth is one
    /// recursive listing; with -Depth each folder down to that depth is listed. -Filter is matched (case-insensitive) as the
    /// pages arrive; -Force adds deleted items. A file lists as itself.
    /// </summary>
    protected override void GetChildItems(string path, bool recurse, uint depth) => ForItem(path, () =>
    {
        var folder = ProviderPaths.ToDropbox(path);
        var filter = NameFilter();
        var kinds = DynamicParameters as DropboxChildItemParameters;
        bool Wanted(DropboxItem item) =>
            (filter is null || filter.IsMatch(item.Name)) && (kinds?.File != true || item is not DropboxFolder) && (kinds?.Directory != true || item is DropboxFolder);
        try
        {
            if (recurse && depth == uint.MaxValue)
            {
                // A recursive listing includes the folder itself: it is left out, as Get-ChildItem does.
                var own = Depth(folder);
                List(folder, true, kinds?.PageSize, item => Depth(item.PathLower ?? "") > own && Wanted(item) ? item : null);
                return;
            }
            ListLevels(folder, recurse ? depth : 0, kinds?.PageSize, Wanted);
        }
        catch (DropboxApiException e) when (e.Kind == DropboxErrorKind.NotFolder)
        {
            Write(Lookup(folder));
        }
    });

    /// <summary>Lists <paramref name="folder"/>, then the folders in it down to <paramref name="levels"/> more levels.</summary>
    private void ListLevels(string folder, uint levels, int? pageSize, Func<DropboxItem, bool> wanted)
    {
        var subfolders = levels > 0 ? new List<string>() : null;
        List(folder, false, pageSize, item =>
        {
            if (item is DropboxFolder && item.PathLower is { } lower) subfolders?.Add(lower);
            return wanted(item) ? item : null;
        });
        foreach (var subfolder in subfolders ?? Enumerable.Empty<string>()) ListLevels(subfolder, levels - 1, pageSize, wanted);
    }

    /// <summary>Get-ChildItem -Name and wildcard expansion: the names in a folder.</summary>
    protected override void GetChildNames(string path, ReturnContainers returnContainers) => ForItem(path, () =>
    {
        var filter = NameFilter();
        List(ProviderPaths.ToDropbox(path), false, null, item =>
        {
            var wanted = filter is null || filter.IsMatch(item.Name) || (item is DropboxFolder && returnContainers == ReturnContainers.ReturnAllContainers);
            if (wanted) WriteItemObject(item.Name, ProviderPaths.Of(item), item is DropboxFolder);
            return null;
        });
    });

    /// <summary>Remove-Item asks this of every item before it deletes it, files included: a file, or a missing item, has no children.</summary>
    protected override bool HasChildItems(string path)
    {
        var client = Client;
        try
        {
            var folder = Stored(ProviderPaths.ToDropbox(path));
            var page = Wait(ct => client.Files.ListFolderAsync(folder, recursive: false, includeDeleted: false, limit: 1, ct));
            return page.Entries.Count > 0 || page.HasMore;
        }
        catch (Exception e) when (IsNotFound(e))
        {
            return false;
        }
    }

    /// <summary>
    /// Lists a folder page by page (one page in memory at a time) and writes what <paramref name="select"/> returns for
    /// each item (as the drive shows it); the next page is asked for after the pipeline has had this one.
    /// </summary>
    private void List(string folder, bool recursive, int? pageSize, Func<DropboxItem, DropboxItem?> select)
    {
        var client = Client;
        var stored = Stored(folder);
        var page = Wait(ct => client.Files.ListFolderAsync(stored, recursive, includeDeleted: Force, pageSize, ct));
        while (true)
        {
            foreach (var item in page.Entries)
            {
                if (select(Plain(item)) is { } selected) Write(selected);
            }
            if (!page.HasMore) return;
            var cursor = page.Cursor;
            page = Wait(ct => client.Files.ListFolderContinueAsync(cursor, ct));
        }
    }

    private static int Depth(string path) => path.Count(c => c == '/');

    /// <summary>-Filter as a case-insensitive wildcard; Dropbox's listing has no name filter of its own.</summary>
    private WildcardPattern? NameFilter() =>
        string.IsNullOrEmpty(Filter) ? null : new WildcardPattern(Filter, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
}

/// <summary>The dynamic parameters Get-ChildItem gets in a Dropbox drive.</summary>
public sealed class DropboxChildItemParameters
{
    /// <summary>Lists files only.</summary>
    [Parameter]
    public SwitchParameter File { get; set; }

    /// <summary>Lists folders only.</summary>
    [Parameter]
    [Alias("ad", "d")]
    public SwitchParameter Directory { get; set; }

    /// <summary>How many entries to ask Dropbox for per request (1-2000; Dropbox treats it as approximate).</summary>
    [Parameter]
    [ValidateRange(1, 2000)]
    public int? PageSize { get; set; }
}
