using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Completion;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Searches Dropbox for files and folders by name (and by content for text files), streaming matches page by page.</para>
/// </summary>
[Cmdlet(VerbsCommon.Search, "DropboxItem")]
[OutputType(typeof(DropboxFile), typeof(DropboxFolder), typeof(DropboxDeleted))]
public sealed class SearchDropboxItemCommand : DropboxCmdlet
{
    private const int DefaultPageSize = 100;

    /// <summary>
    /// The words to look for; every word must match (case-insensitive). Without it, -FileExtension or -Category alone says
    /// what to find.
    /// </summary>
    [Parameter(Position = 0, ValueFromPipeline = true, HelpMessage = "Words to search for, e.g. 'budget 2026'")]
    [ValidateNotNull]
    [ValidateLength(0, 1000)]
    public string Query { get; set; } = "";

    /// <summary>Searches only below this folder; "/" (the default) searches everything.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string Path { get; set; } = "/";

    /// <summary>Keeps only files with these extensions (pdf, .jpg...).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? FileExtension { get; set; }

    /// <summary>Keeps only items of these kinds.</summary>
    [Parameter]
    [ValidateSet("Image", "Document", "Pdf", "Spreadsheet", "Presentation", "Audio", "Video", "Folder", "Paper", "Others", IgnoreCase = true)]
    public string[]? Category { get; set; }

    /// <summary>Matches names only, never file contents.</summary>
    [Parameter]
    public SwitchParameter FilenameOnly { get; set; }

    /// <summary>Also searches deleted items (after the live ones); they come back as DropboxDeleted.</summary>
    [Parameter]
    public SwitchParameter IncludeDeleted { get; set; }

    /// <summary>Relevance (the default) or LastModifiedTime (newest first).</summary>
    [Parameter]
    [ValidateSet("Relevance", "LastModifiedTime", IgnoreCase = true)]
    public string OrderBy { get; set; } = "Relevance";

    /// <summary>Stops after this many matches (Dropbox returns at most 10,000 per search).</summary>
    [Parameter]
    [ValidateRange(1, 10000)]
    public int First { get; set; } = 10000;

    protected override void ProcessRecord()
    {
        // An empty or blank query searches by -FileExtension / -Category alone; with neither there is nothing to search for.
        if (string.IsNullOrWhiteSpace(Query) && FileExtension is null && Category is null)
        {
            WriteError(ErrorRecords.From(new ArgumentException(
                "The search query must not be empty: give the words to search for (-Query), or -FileExtension or -Category to find every file of those kinds."),
                Query));
            return;
        }
        var client = Client;
        RunForItem(Query, async (bridge, cancellationToken) =>
        {
            int left = First;
            foreach (var deleted in IncludeDeleted ? new[] { false, true } : new[] { false })
            {
                if (left == 0) break;
                var request = new SearchRequest
                {
                    Query = Query,
                    Path = Path,
                    PageSize = Math.Min(left, DefaultPageSize),
                    OrderByLastModified = OrderBy.Equals("LastModifiedTime", StringComparison.OrdinalIgnoreCase),
                    Deleted = deleted,
                    FilenameOnly = FilenameOnly,
                    Extensions = FileExtension?.Select(e => e.TrimStart('.').ToLowerInvariant()).ToList(),
                    Categories = Category?.Select(c => c.ToLowerInvariant()).ToList(),
                };
                var page = await client.Files.SearchAsync(request, cancellationToken).ConfigureAwait(false);
                while (true)
                {
                    var hits = page.Hits.Take(left).ToList();
                    left -= hits.Count;
                    // One page in memory at a time: wait until downstream has it before asking for the next.
                    await bridge.WriteObjectsAsync(hits.Select(WithMatchType)).ConfigureAwait(false);
                    if (left == 0 || !page.HasMore) break;
                    page = await client.Files.SearchContinueAsync(page.Cursor!, cancellationToken).ConfigureAwait(false);
                }
            }
        });
    }

    private static PSObject WithMatchType(SearchHit hit)
    {
        var output = new PSObject(hit.Item);
        output.Properties.Add(new PSNoteProperty("MatchType", hit.MatchType));
        return output;
    }
}
