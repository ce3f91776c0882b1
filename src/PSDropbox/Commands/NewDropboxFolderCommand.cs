using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Completion;
using PSDropbox.Transfers.Crypt;

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
    [RemotePathCompletion]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Succeeds (and returns the existing folder) when the folder already exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var client = Client;
        var crypt = CryptFolders;
        foreach (var path in Path)
        {
            if (!ShouldProcess(path, "Create Dropbox folder")) continue;
            RunForItem(path, async (bridge, cancellationToken) =>
            {
                DropboxItem folder;
                var stored = CryptPaths.ForNew(crypt, path, isDirectory: true);
                try
                {
                    folder = await client.Files.CreateFolderAsync(stored, autorename: false, cancellationToken).ConfigureAwait(false);
                }
                catch (DropboxApiException e) when (Force && e.ConflictsWithFolder)
                {
                    folder = await client.Files.GetMetadataAsync(stored, false, cancellationToken).ConfigureAwait(false);
                }
                await bridge.WriteObjectAsync(CryptPaths.Plain(crypt, folder, bridge.WriteWarning)).ConfigureAwait(false);
            });
        }
    }
}
