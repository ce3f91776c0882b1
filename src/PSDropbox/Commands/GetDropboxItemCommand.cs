using System.Management.Automation;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Gets a Dropbox file, folder or deleted entry by path, id (id:...) or revision (rev:...).</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DropboxItem")]
[OutputType(typeof(DropboxFile), typeof(DropboxFolder), typeof(DropboxDeleted))]
public sealed class GetDropboxItemCommand : DropboxCmdlet
{
    /// <summary>Remote paths such as /Documents/report.docx, id:... or rev:...; "/" is the root.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "Remote path: /folder/file, id:..., or rev:...")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Returns a deleted entry instead of a not-found error when the item was deleted.</summary>
    [Parameter]
    public SwitchParameter IncludeDeleted { get; set; }

    protected override void ProcessRecord()
    {
        var client = Connection.Client;
        foreach (var path in Path)
        {
            RunForItem(path, async (bridge, cancellationToken) =>
            {
                var item = await client.Files.GetMetadataAsync(path, IncludeDeleted, cancellationToken).ConfigureAwait(false);
                await bridge.WriteObjectAsync(item).ConfigureAwait(false);
            });
        }
    }
}
