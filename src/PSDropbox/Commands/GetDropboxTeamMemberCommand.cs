using System.Management.Automation;
using PSDropbox.Client;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Gets the members of the connection's Dropbox team: all of them, or those with the email addresses or team member ids given.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DropboxTeamMember", DefaultParameterSetName = ListSet)]
[OutputType(typeof(DropboxTeamMember))]
public sealed class GetDropboxTeamMemberCommand : ConnectionCmdlet
{
    private const string ListSet = "List";
    private const string EmailSet = "Email";
    private const string IdSet = "Id";

    /// <summary>Email addresses of the members to get (team/members/get_info).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = EmailSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Email { get; set; } = [];

    /// <summary>Team member ids (dbmid:...) of the members to get.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [Alias("TeamMemberId")]
    [ValidateNotNullOrEmpty]
    public string[] Id { get; set; } = [];

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ListSet) return;
        var team = ActiveConnection.TokenClient.Team;
        var wanted = new List<string>();
        foreach (var value in ParameterSetName == EmailSet ? Email : Id)
        {
            var problem = ParameterSetName == EmailSet
                ? value.IndexOf('@') > 0 ? null : $"'{value}' is not an email address."
                : value.StartsWith("dbmid:", StringComparison.Ordinal) ? null : $"'{value}' is not a team member id (dbmid:...); use -Email for an email address.";
            if (problem is null) wanted.Add(value);
            else WriteError(ErrorRecords.From(new ArgumentException(problem), value));
        }
        if (wanted.Count == 0) return;
        RunForItem(wanted[0], async (bridge, cancellationToken) =>
        {
            var members = await team.GetMembersAsync(wanted, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < wanted.Count; i++)
            {
                if (members[i] is { } member) await bridge.WriteObjectAsync(member).ConfigureAwait(false);
                else bridge.WriteError(ErrorRecords.From(new TeamMemberNotFoundException(wanted[i], "team/members/get_info"), wanted[i]));
            }
        });
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName != ListSet) return;
        var team = ActiveConnection.TokenClient.Team;
        Run(async (bridge, cancellationToken) =>
        {
            string? cursor = null;
            do
            {
                var page = await team.ListMembersAsync(cursor, cancellationToken).ConfigureAwait(false);
                await bridge.WriteObjectsAsync(page.Items).ConfigureAwait(false);
                cursor = page.HasMore ? page.Cursor : null;
            }
            while (cursor is not null);
        });
    }
}
