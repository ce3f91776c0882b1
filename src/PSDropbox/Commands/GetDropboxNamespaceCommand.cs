using System.Management.Automation;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Gets the namespaces of the connection's Dropbox team: members' home folders, team folders, shared and app folders.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DropboxNamespace")]
[OutputType(typeof(DropboxNamespace))]
public sealed class GetDropboxNamespaceCommand : ConnectionCmdlet
{
    /// <summary>Names of the namespaces to get; wildcards allowed. All by default.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    protected override void EndProcessing()
    {
        var team = ActiveConnection.TokenClient.Team;
        var names = TeamListFilter.Create(this, Name);
        Run((bridge, cancellationToken) => names.WriteMatchesAsync(bridge, team.ListNamespacesAsync, n => n.Name, "PSDropbox.NamespaceNotFound", "namespace", cancellationToken));
    }
}
