using System.Management.Automation;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Gets the team folders of the connection's Dropbox team.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DropboxTeamFolder")]
[OutputType(typeof(DropboxTeamFolder))]
public sealed class GetDropboxTeamFolderCommand : ConnectionCmdlet
{
    /// <summary>Names of the team folders to get; wildcards allowed. All by default.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    protected override void EndProcessing()
    {
        var team = ActiveConnection.TokenClient.Team;
        var names = TeamListFilter.Create(this, Name);
        Run((bridge, cancellationToken) => names.WriteMatchesAsync(bridge, team.ListTeamFoldersAsync, f => f.Name, "PSDropbox.TeamFolderNotFound", "team folder", cancellationToken));
    }
}
