using System.Management.Automation;
using PSDropbox.Client;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Creates a Dropbox folder, including any missing parent folders.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "DropboxFolder", SupportsShouldProcess = true)]
[OutputType(typeof(DropboxFolder))]
public sealed class NewDropboxFolderCommand : DropboxCmdlet
{
    /// <summary>The remote folder to create, e.g. /Projects/2026.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "Remote folder path to create, e.g. /Projects/2026")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Succeeds (and returns the existing folder) when the folder already exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var client = Connection.Client;
        foreach (var path in Path)
        {
            if (!ShouldProcess(path, "Create Dropbox folder")) continue;
            RunForItem(path, async (bridge, cancellationToken) =>
            {
                DropboxItem folder;
                try
                {
                    folder = await client.Files.CreateFolderAsync(path, autorename: false, cancellationToken).ConfigureAwait(false);
                }
                catch (DropboxApiException e) when (Force && e.HasTag("conflict") && e.HasTag("folder"))
                {
                    folder = await client.Files.GetMetadataAsync(path, false, cancellationToken).ConfigureAwait(false);
                }
                await bridge.WriteObjectAsync(folder).ConfigureAwait(false);
            });
        }
    }
}
