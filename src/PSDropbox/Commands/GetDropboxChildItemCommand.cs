using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Completion;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Lists the items in a Dropbox folder, optionally recursively, streaming each page as it arrives.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DropboxChildItem")]
[OutputType(typeof(DropboxFile), typeof(DropboxFolder), typeof(DropboxDeleted))]
public sealed class GetDropboxChildItemCommand : DropboxCmdlet
{
    /// <summary>
    /// The remote folder to list; "/" (the default) is the root. A wildcard in the last name (/Doc*) lists each matching folder
    /// and returns each matching file.
    /// </summary>
    [SupportsWildcards]
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "Remote folder: /, /folder or id:...")]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string[] Path { get; set; } = { "/" };

    /// <summary>Lists every item below the folder, not only its direct children.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>Also lists entries for items that were deleted.</summary>
    [Parameter]
    public SwitchParameter IncludeDeleted { get; set; }

    /// <summary>Keeps only items whose name matches this wildcard pattern (case-insensitive), e.g. *.log.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Filter { get; set; }

    /// <summary>How many entries to ask Dropbox for per request (1-2000; Dropbox treats it as approximate).</summary>
    [Parameter]
    [ValidateRange(1, 2000)]
    public int PageSize { get; set; } = 2000;

    protected override void ProcessRecord()
    {
        var client = Client;
        _crypt = CryptFolders;
        var filter = Filter is null ? null : new WildcardPattern(Filter, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
        try
        {
            filter?.IsMatch(""); // the pattern is parsed on first use: refuse a bad one before any request
        }
        catch (WildcardPatternException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, Filter));
        }
        foreach (var path in Path)
        {
            RunForItem(path, async (bridge, cancellationToken) =>
            {
                if (!RemoteWildcard.IsPattern(path))
                {
                    await ListAsync(client, bridge, CryptPaths.ForNew(_crypt, path, isDirectory: true), filter, cancellationToken).ConfigureAwait(false);
                    return;
                }
                // Like Get-ChildItem: a matching folder is listed, a matching file is itself the output.
                await RemoteWildcard.ExpandAsync(client.Files, _crypt, path, IncludeDeleted, async (item, match) =>
                {
                    if (item is DropboxFolder) await ListAsync(client, bridge, CryptPaths.ForNew(_crypt, match, isDirectory: true), filter, cancellationToken).ConfigureAwait(false);
                    else if (filter is null || filter.IsMatch(item.Name)) await bridge.WriteObjectAsync(item).ConfigureAwait(false);
                }, FilterHint, bridge.WriteWarning, cancellationToken).ConfigureAwait(false);
            });
        }
    }

    private IReadOnlyList<CryptFolder> _crypt = Array.Empty<CryptFolder>();

    private const string FilterHint = "-Filter matches names inside the folder given by -Path (with -Recurse, at every depth below it).";

    private async Task ListAsync(DropboxClient client, PipelineBridge bridge, string path, WildcardPattern? filter, CancellationToken cancellationToken)
    {
        // A recursive listing of a folder includes the folder itself; Get-ChildItem does not, so skip it by depth.
        var folderDepth = Recurse ? await FolderDepthAsync(client, path, cancellationToken).ConfigureAwait(false) : -1;
        var page = await client.Files.ListFolderAsync(path, Recurse, IncludeDeleted, PageSize, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var items = page.Entries.Where(e => Depth(e) > folderDepth).Select(e => CryptPaths.Plain(_crypt, e, bridge.WriteWarning))
                .Where(e => filter is null || filter.IsMatch(e.Name));
            // Wait until downstream has every item before asking for the next page: one page in memory at a time.
            await bridge.WriteObjectsAsync(items).ConfigureAwait(false);
            if (!page.HasMore) break;
            page = await client.Files.ListFolderContinueAsync(page.Cursor, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int> FolderDepthAsync(DropboxClient client, string path, CancellationToken cancellationToken)
    {
        var normalized = DropboxPath.Normalize(path);
        if (normalized.Length == 0) return 0;
        if (normalized.StartsWith("/", StringComparison.Ordinal)) return SlashCount(normalized);
        var folder = await client.Files.GetMetadataAsync(normalized, false, cancellationToken).ConfigureAwait(false);
        return SlashCount(folder.PathLower ?? "");
    }

    private static int Depth(DropboxItem item) => SlashCount(item.PathLower ?? item.Path ?? "");

    private static int SlashCount(string path) => path.Count(c => c == '/');
}
