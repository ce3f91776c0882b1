using System.Management.Automation;
using PSDropbox.Completion;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Gets a copy reference to a Dropbox file or folder, which any account can save with Save-DropboxCopyReference.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DropboxCopyReference")]
[OutputType(typeof(DropboxCopyReference))]
public sealed class GetDropboxCopyReferenceCommand : DropboxCmdlet
{
    /// <summary>The remote files or folders: /folder/file, id:... or rev:...</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "Remote file or folder: /folder/file, id:..., or rev:...")]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string[] Path { get; set; } = Array.Empty<string>();

    protected override void ProcessRecord()
    {
        var client = Client;
        foreach (var path in Path)
        {
            RunForItem(path, async (bridge, cancellationToken) =>
            {
                var reference = await client.Files.GetCopyReferenceAsync(path, cancellationToken).ConfigureAwait(false);
                await bridge.WriteObjectAsync(reference).ConfigureAwait(false);
            });
        }
    }
}
