using System.Management.Automation;
using PSDropbox.Completion;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Gets a Dropbox file, folder or deleted entry by path, id (id:...) or revision (rev:...).</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DropboxItem")]
[OutputType(typeof(DropboxFile), typeof(DropboxFolder), typeof(DropboxDeleted))]
public sealed class GetDropboxItemCommand : DropboxCmdlet
{
    /// <summary>Remote paths such as /Documents/report.docx, id:... or rev:...; "/" is the root. A wildcard in the last name (/Documents/*.docx) gets every matching item.</summary>
    [SupportsWildcards]
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "Remote path: /folder/file, id:..., or rev:...")]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Returns a deleted entry instead of a not-found error when the item was deleted.</summary>
    [Parameter]
    public SwitchParameter IncludeDeleted { get; set; }

    protected override void ProcessRecord()
    {
        var client = Client;
        var crypt = CryptFolders;
        foreach (var path in Path)
        {
            RunForItem(path, async (bridge, cancellationToken) =>
            {
                if (RemoteWildcard.IsPattern(path))
                {
                    await RemoteWildcard.ExpandAsync(client.Files, crypt, path, IncludeDeleted, (item, _) => bridge.WriteObjectAsync(item), null,
                        bridge.WriteWarning, cancellationToken).ConfigureAwait(false);
                    return;
                }
                var stored = await CryptPaths.ExistingAsync(client.Files, crypt, path, cancellationToken).ConfigureAwait(false);
                var item = await client.Files.GetMetadataAsync(stored, IncludeDeleted, cancellationToken).ConfigureAwait(false);
                await bridge.WriteObjectAsync(CryptPaths.Plain(crypt, item, bridge.WriteWarning)).ConfigureAwait(false);
            });
        }
    }
}
