using System.Management.Automation;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Forgets the current Dropbox connection of this PowerShell session.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "Dropbox")]
[OutputType(typeof(void))]
public sealed class DisconnectDropboxCommand : DropboxCmdlet
{
    protected override void EndProcessing()
    {
        var previous = ConnectionRegistry.Replace(null);
        if (previous is null)
        {
            WriteVerbose("There was no Dropbox connection to disconnect.");
            return;
        }
        WriteVerbose($"Disconnected {previous}.");
        previous.Dispose();
    }
}
