using System.Management.Automation;
using PSDropbox.Completion;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Gets a link that downloads a Dropbox file without signing in, valid for 4 hours.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DropboxTemporaryLink")]
[OutputType(typeof(DropboxTemporaryLink))]
public sealed class GetDropboxTemporaryLinkCommand : DropboxCmdlet
{
    /// <summary>The remote files: /folder/file, id:... or rev:...</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "Remote file: /folder/file, id:..., or rev:...")]
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
                var link = await client.Files.GetTemporaryLinkAsync(path, cancellationToken).ConfigureAwait(false);
                await bridge.WriteObjectAsync(link).ConfigureAwait(false);
            });
        }
    }
}
