using System.Management.Automation;
using System.Security;
using PSDropbox.Client;

namespace PSDropbox.Commands;

/// <summary>New- and Set-DropboxSharedLink: the link settings they share, turned into <see cref="SharedLinkSettings"/> in one place.</summary>
public abstract class SharedLinkSettingsCmdlet : DropboxCmdlet
{
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

    /// <summary>
    /// The settings given on the command line (<paramref name="removePassword"/> from Set-DropboxSharedLink), or null after
    /// writing an error when they cannot be sent (an expiry in the past).
    /// </summary>
    protected SharedLinkSettings? SettingsOrError(bool removePassword = false)
    {
        var settings = new SharedLinkSettings
        {
            Password = Password is null ? null : SecureStringTransformationAttribute.Reveal(Password),
            RemovePassword = removePassword,
            Expires = MyInvocation.BoundParameters.ContainsKey(nameof(Expires)) ? Expires : null,
            Audience = Audience is null ? null : Audience.Equals("NoOne", StringComparison.OrdinalIgnoreCase) ? "no_one" : Audience.ToLowerInvariant(),
            Access = Access?.ToLowerInvariant(),
            AllowDownload = MyInvocation.BoundParameters.ContainsKey(nameof(AllowDownload)) ? AllowDownload.IsPresent : null,
        };
        if (settings.Expires is { } expires && expires <= DateTime.Now)
        {
            WriteError(ErrorRecords.InvalidLinkSettings($"-Expires {expires} is in the past; a shared link must expire in the future.", expires));
            return null;
        }
        return settings;
    }
}
