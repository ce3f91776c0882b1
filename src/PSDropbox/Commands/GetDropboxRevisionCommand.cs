using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Completion;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Lists the stored versions of a Dropbox file, newest first, page by page.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DropboxRevision")]
[OutputType(typeof(DropboxRevision))]
public sealed class GetDropboxRevisionCommand : DropboxCmdlet
{
    /// <summary>Remote path of the file (/a/b.txt or id:...). A deleted file's versions are listed too.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "Remote path of the file: /folder/file or id:...")]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Path (default): the versions written at this path. Id: the versions of this file, following it across moves and renames.</summary>
    [Parameter]
    [ValidateSet("Path", "Id", IgnoreCase = true)]
    public string Mode { get; set; } = "Path";

    /// <summary>At most this many versions (newest first). Without it, every stored version is listed.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Limit { get; set; } = int.MaxValue;

    /// <summary>How many versions to ask Dropbox for per request (1-100).</summary>
    [Parameter]
    [ValidateRange(1, FilesClient.MaxRevisionsPerPage)]
    public int PageSize { get; set; } = FilesClient.MaxRevisionsPerPage;

    protected override void ProcessRecord()
    {
        var client = Client;
        var byId = string.Equals(Mode, "Id", StringComparison.OrdinalIgnoreCase);
        foreach (var path in Path)
        {
            RunForItem(path, async (bridge, cancellationToken) =>
            {
                var remaining = Limit;
                string? beforeRev = null;
                while (remaining > 0)
                {
                    var page = await client.Files.ListRevisionsAsync(path, byId, Math.Min(remaining, PageSize), beforeRev,
                        cancellationToken).ConfigureAwait(false);
                    await bridge.WriteObjectsAsync(page.Revisions).ConfigureAwait(false);
                    remaining -= page.Revisions.Count;
                    if (!page.HasMore || page.Revisions.Count == 0 || remaining <= 0) break;
                    if (byId)
                    {
                        bridge.WriteWarning($"'{path}' has more than {PageSize} versions; Dropbox pages only in Path mode. Use -Mode Path or a larger -PageSize for older versions.");
                        break;
                    }
                    beforeRev = page.Revisions[page.Revisions.Count - 1].Rev;
                }
            });
        }
    }
}
