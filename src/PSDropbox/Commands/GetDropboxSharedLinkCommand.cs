using System.Management.Automation;
using PSDropbox.Completion;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Lists shared links: every link of the account, or the links of one item (and of the folders above it).</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DropboxSharedLink")]
[OutputType(typeof(DropboxSharedLink))]
public sealed class GetDropboxSharedLinkCommand : DropboxCmdlet
{
    /// <summary>The item whose links to list; without it, every shared link of the account is listed.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string[]? Path { get; set; }

    /// <summary>Only links to the item itself, not links to the folders that contain it.</summary>
    [Parameter]
    public SwitchParameter DirectOnly { get; set; }

    protected override void ProcessRecord()
    {
        var client = Client;
        foreach (var path in Path ?? new string?[] { null })
        {
            RunForItem(path ?? "/", async (bridge, cancellationToken) =>
            {
                var page = await client.Sharing.ListSharedLinksAsync(path, DirectOnly, cancellationToken).ConfigureAwait(false);
                while (true)
                {
                    await bridge.WriteObjectsAsync(page.Links).ConfigureAwait(false);
                    if (!page.HasMore) break;
                    page = await client.Sharing.ListSharedLinksContinueAsync(page.Cursor!, cancellationToken).ConfigureAwait(false);
                }
            });
        }
    }
}
