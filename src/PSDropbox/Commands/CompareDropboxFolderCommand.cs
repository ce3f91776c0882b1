using System.Management.Automation;
using PSDropbox.Transfers.Sync;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Compares a local folder with a Dropbox folder and writes the sync plan: one object per path, saying what Sync-DropboxFolder would do and why.</para>
/// </summary>
[Cmdlet(VerbsData.Compare, "DropboxFolder")]
[OutputType(typeof(DropboxSyncItem))]
public sealed class CompareDropboxFolderCommand : SyncFolderCmdlet
{
    /// <summary>The direction of the sync to plan: Upload (default: the local folder is the source) or Download.</summary>
    [Parameter(Position = 2)]
    public SyncDirection Direction { get; set; } = SyncDirection.Upload;

    private protected override SyncDirection SyncDirection => Direction;

    protected override void EndProcessing()
    {
        var options = Options();
        var client = Client;
        Run(async (bridge, cancellationToken) =>
        {
            using var plan = await SyncPlan.PrepareAsync(client.Files, options, HashCache.DefaultDirectory, cancellationToken).ConfigureAwait(false);
            if (plan.Hashes.Busy) bridge.WriteWarning($"Another sync of '{options.LocalRoot}' is running: its hash cache is not used by this comparison.");
            using var progress = new SyncProgress(bridge, "Comparing with Dropbox", options);
            foreach (var item in plan.Items)
            {
                progress.Seen(item);
                await bridge.WriteObjectAsync(item).ConfigureAwait(false);
            }
            plan.Hashes.Save();
        }, RemotePath);
    }
}
