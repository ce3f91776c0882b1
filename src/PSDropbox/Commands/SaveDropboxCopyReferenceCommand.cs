using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Completion;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Saves a copy of the file or folder a copy reference points to (possibly from another account) into this Dropbox.</para>
/// </summary>
[Cmdlet(VerbsData.Save, "DropboxCopyReference", SupportsShouldProcess = true)]
[OutputType(typeof(DropboxFile), typeof(DropboxFolder))]
public sealed class SaveDropboxCopyReferenceCommand : DropboxCmdlet
{
    /// <summary>The reference from Get-DropboxCopyReference (the object, or its CopyReference string).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "A copy reference from Get-DropboxCopyReference")]
    [ValidateNotNullOrEmpty]
    public string CopyReference { get; set; } = "";

    /// <summary>
    /// Where to save: a new path, or an existing folder to save into (then the item keeps its name, taken from -Name).
    /// </summary>
    [Parameter(Mandatory = true, Position = 1, HelpMessage = "Remote path to save at, or an existing folder to save into")]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string Destination { get; set; } = "";

    /// <summary>The name to use when -Destination is an existing folder; bound from the piped reference's Name.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Name { get; set; }

    protected override void ProcessRecord()
    {
        var client = Client;
        RunForItem(Destination, async (bridge, cancellationToken) =>
        {
            var target = await TargetPathAsync(client, cancellationToken).ConfigureAwait(false);
            if (!await bridge.ShouldProcessAsync(target, "Save a copy of the referenced item").ConfigureAwait(false)) return;
            var saved = await client.Files.SaveCopyReferenceAsync(CopyReference, target, cancellationToken).ConfigureAwait(false);
            await bridge.WriteObjectAsync(saved).ConfigureAwait(false);
        });
    }

    /// <summary>An existing folder means "into that folder" (like Copy-Item) when the item's name is known.</summary>
    private async Task<string> TargetPathAsync(DropboxClient client, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(Name)) return Destination;
        if (DropboxPath.IsRoot(Destination)) return "/" + Name;
        try
        {
            var existing = await client.Files.GetMetadataAsync(Destination, false, cancellationToken).ConfigureAwait(false);
            return existing is DropboxFolder ? (existing.Path ?? Destination).TrimEnd('/') + "/" + Name : Destination;
        }
        catch (DropboxApiException e) when (e.Kind == DropboxErrorKind.NotFound)
        {
            return Destination;
        }
    }
}
