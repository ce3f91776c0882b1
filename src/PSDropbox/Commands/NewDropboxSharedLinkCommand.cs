using System.Management.Automation;
using System.Security;
using PSDropbox.Client;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Creates a shared link to a Dropbox file or folder; when the item already has one, returns that link.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "DropboxSharedLink", SupportsShouldProcess = true)]
[OutputType(typeof(DropboxSharedLink))]
public sealed class NewDropboxSharedLinkCommand : DropboxCmdlet
{
    /// <summary>The remote files or folders to share.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "Remote file or folder to share, e.g. /Reports/q3.pdf")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>When the link stops working.</summary>
    [Parameter]
    public DateTime Expires { get; set; }

    /// <summary>A password people must enter to open the link (SecureString or string).</summary>
    [Parameter]
    [SecureStringTransformation]
    [ValidateNotNull]
    public SecureString? Password { get; set; }

    /// <summary>Who can use the link: Public (anyone), Team (members of your team) or NoOne (only people with access already).</summary>
    [Parameter]
    [ValidateSet("Public", "Team", "NoOne", IgnoreCase = true)]
    public string? Audience { get; set; }

    /// <summary>What the link allows: Viewer, Editor, Max or Default.</summary>
    [Parameter]
    [ValidateSet("Viewer", "Editor", "Max", "Default", IgnoreCase = true)]
    public string? Access { get; set; }

    /// <summary>Whether people with the link may download the item (-AllowDownload:$false forbids it).</summary>
    [Parameter]
    public SwitchParameter AllowDownload { get; set; }

    protected override void ProcessRecord()
    {
        var client = Connection.Client;
        var settings = new SharedLinkSettings
        {
            Password = Password is null ? null : SecureStringTransformationAttribute.Reveal(Password),
            Expires = MyInvocation.BoundParameters.ContainsKey(nameof(Expires)) ? Expires : null,
            Audience = Audience is null ? null : Audience.Equals("NoOne", StringComparison.OrdinalIgnoreCase) ? "no_one" : Audience.ToLowerInvariant(),
            Access = Access?.ToLowerInvariant(),
            AllowDownload = MyInvocation.BoundParameters.ContainsKey(nameof(AllowDownload)) ? AllowDownload.IsPresent : null,
        };
        if (settings.Expires is { } expires && expires <= DateTime.Now)
        {
            WriteError(new ErrorRecord(new ArgumentException($"-Expires {expires} is in the past; a shared link must expire in the future."),
                "PSDropbox.InvalidSharedLinkSettings", ErrorCategory.InvalidArgument, expires));
            return;
        }
        foreach (var path in Path)
        {
            if (!ShouldProcess(path, "Create a shared link")) continue;
            RunForItem(path, async (bridge, cancellationToken) =>
            {
                var (link, existing) = await client.Sharing.CreateOrGetSharedLinkAsync(path, settings, cancellationToken).ConfigureAwait(false);
                if (existing && !settings.IsEmpty)
                {
                    bridge.WriteWarning($"'{path}' already has a shared link; it is returned as it is, without the settings you gave.");
                }
                await bridge.WriteObjectAsync(link).ConfigureAwait(false);
            });
        }
    }
}
