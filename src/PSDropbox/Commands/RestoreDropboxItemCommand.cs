using System.Management.Automation;
using PSDropbox.Completion;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Restores a Dropbox file to an earlier revision (also brings back a deleted file).</para>
/// </summary>
[Cmdlet(VerbsData.Restore, "DropboxItem", SupportsShouldProcess = true)]
[OutputType(typeof(DropboxFile))]
public sealed class RestoreDropboxItemCommand : DropboxCmdlet
{
    /// <summary>Remote path of the file to restore (/a/b.txt).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, HelpMessage = "Remote path of the file: /folder/file")]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string Path { get; set; } = "";

    /// <summary>The revision whose content becomes the newest version (from Get-DropboxRevision).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, HelpMessage = "Revision to restore, e.g. from Get-DropboxRevision")]
    [ValidatePattern("^[0-9a-f]{9,}$")]
    public string Rev { get; set; } = "";

    protected override void ProcessRecord()
    {
        if (!ShouldProcess(Path, $"Restore revision {Rev}")) return;
        var client = Client;
        RunForItem(Path, async (bridge, cancellationToken) =>
        {
            var restored = await client.Files.RestoreAsync(Path, Rev, cancellationToken).ConfigureAwait(false);
            await bridge.WriteObjectAsync(restored).ConfigureAwait(false);
        });
    }
}
