using System.Management.Automation;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Gets the Dropbox team of the connection's token: its name, id and number of members.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DropboxTeam")]
[OutputType(typeof(DropboxTeam))]
public sealed class GetDropboxTeamCommand : ConnectionCmdlet
{
    protected override void EndProcessing()
    {
        var team = ActiveConnection.TokenClient.Team;
        Run(async (bridge, cancellationToken) =>
            await bridge.WriteObjectAsync(await team.GetInfoAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false));
    }
}
