using System.Management.Automation;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Changes the settings of existing shared links: expiry, password, audience, access, downloads.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "DropboxSharedLink", SupportsShouldProcess = true)]
[OutputType(typeof(DropboxSharedLink))]
public sealed class SetDropboxSharedLinkCommand : SharedLinkSettingsCmdlet
{
    /// <summary>The links to change (their URLs, or link objects from Get-/New-DropboxSharedLink).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "Shared link URL, e.g. from Get-DropboxSharedLink")]
    [ValidateNotNullOrEmpty]
    public string[] Url { get; set; } = Array.Empty<string>();

    /// <summary>Makes the link never expire.</summary>
    [Parameter]
    public SwitchParameter RemoveExpiration { get; set; }

    /// <summary>Lets people open the link without a password.</summary>
    [Parameter]
    public SwitchParameter RemovePassword { get; set; }

    protected override void BeginProcessing()
    {
        var bound = MyInvocation.BoundParameters;
        string? problem = null;
        if (RemoveExpiration && bound.ContainsKey(nameof(Expires))) problem = "-Expires and -RemoveExpiration contradict each other; give one.";
        else if (RemovePassword && Password is not null) problem = "-Password and -RemovePassword contradict each other; give one.";
        else if (!RemoveExpiration && !RemovePassword && !new[] { nameof(Expires), nameof(Password), nameof(Audience), nameof(Access), nameof(AllowDownload) }.Any(bound.ContainsKey))
            problem = "Give a setting to change: -Expires, -RemoveExpiration, -Password, -RemovePassword, -Audience, -Access or -AllowDownload.";
        if (problem is not null) ThrowTerminatingError(ErrorRecords.InvalidLinkSettings(problem, null));
    }

    protected override void ProcessRecord()
    {
        var client = Client;
        var settings = SettingsOrError(RemovePassword);
        if (settings is null) return;
        foreach (var url in Url)
        {
            if (!ShouldProcess(url, "Change shared link settings")) continue;
            RunForItem(url, async (bridge, cancellationToken) =>
            {
                var link = await client.Sharing.ModifySharedLinkSettingsAsync(url, settings, RemoveExpiration, cancellationToken).ConfigureAwait(false);
                await bridge.WriteObjectAsync(link).ConfigureAwait(false);
            });
        }
    }
}
