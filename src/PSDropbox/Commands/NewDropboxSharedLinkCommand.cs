using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Completion;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Creates a shared link to a Dropbox file or folder; when the item already has one, returns that link.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "DropboxSharedLink", SupportsShouldProcess = true)]
[OutputType(typeof(DropboxSharedLink))]
public sealed class NewDropboxSharedLinkCommand : SharedLinkSettingsCmdlet
{
    /// <summary>The remote files or folders to share.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "Remote file or folder to share, e.g. /Reports/q3.pdf")]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string[] Path { get; set; } = Array.Empty<string>();

    protected override void ProcessRecord()
    {
        var client = Client;
        var settings = SettingsOrError();
        if (settings is null) return;
        foreach (var path in Path)
        {
            if (!ShouldProcess(path, "Create a shared link")) continue;
            RunForItem(path, async (bridge, cancellationToken) =>
            {
                var (link, existing) = await client.Sharing.CreateOrGetSharedLinkAsync(path, settings, cancellationToken).ConfigureAwait(false);
                if (existing && !settings.IsEmpty)
                {
                    bridge.WriteWarning($"'{path}' already has a shared link; it is returned as it is, without the settings you gave. " +
                                        $"To change them: Set-DropboxSharedLink -Url '{link.Url}' with the same settings.");
                }
                await bridge.WriteObjectAsync(link).ConfigureAwait(false);
            });
        }
    }
}
