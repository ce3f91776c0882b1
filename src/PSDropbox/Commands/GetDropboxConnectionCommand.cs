using System.Management.Automation;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Gets the current Dropbox connection: who it signs in as, where, and how (never a token).</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DropboxConnection")]
[OutputType(typeof(DropboxConnection))]
public sealed class GetDropboxConnectionCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        if (ConnectionRegistry.Current is { } connection) WriteObject(connection);
        else WriteError(ErrorRecords.NotConnectedRecord());
    }
}
