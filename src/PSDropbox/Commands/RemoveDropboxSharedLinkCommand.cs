using System.Management.Automation;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Revokes shared links, so they stop working.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "DropboxSharedLink", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class RemoveDropboxSharedLinkCommand : DropboxCmdlet
{
    /// <summary>The links to revoke (their URLs, or link objects from Get-DropboxSharedLink).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "Shared link URL, e.g. from Get-DropboxSharedLink")]
    [ValidateNotNullOrEmpty]
    public string[] Url { get; set; } = Array.Empty<string>();

    protected override void ProcessRecord()
    {
        var client = Client;
        foreach (var url in Url)
        {
            if (!ShouldProcess(url, "Revoke shared link")) continue;
            RunForItem(url, (_, cancellationToken) => client.Sharing.RevokeSharedLinkAsync(url, cancellationToken));
        }
    }
}
