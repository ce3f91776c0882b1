using System.Management.Automation;
using PSDropbox.Transfers;
using PSDropbox.Transfers.Sync;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Makes a Dropbox folder hold what a local folder holds (-Direction Upload), or the reverse (Download): copies what is new or different, deletes with -Delete (guarded by -MaxDelete), and ends with a summary.</para>
/// </summary>
[Cmdlet(VerbsData.Sync, "DropboxFolder", SupportsShouldProcess = true)]
[OutputType(typeof(DropboxSyncSummary), typeof(DropboxSyncItem))]
public sealed class SyncDropboxFolderCommand : SyncFolderCmdlet
{
    /// <summary>Upload: the local folder is the source, Dropbox the destination. Download: the reverse.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    public SyncDirection Direction { get; set; }

    /// <summary>
    /// The most destination files one run may delete: a count (100) or a percentage of the destination's files (25%). Default
    /// 50%. A run that plans more deletes nothing (it copies the rest) and says why, unless -Force.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string MaxDelete { get; set; } = DeleteLimit.Default.ToString();

    /// <summary>Deletes even when more files would be deleted than -MaxDelete allows.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>With -Direction Download -Delete: local files are moved into this folder (under their relative paths) instead of being deleted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BackupPath { get; set; }

    /// <summary>Files copied at the same time (default 16).</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = SyncRunOptions.DefaultThrottleLimit;

    /// <summary>Bytes per upload request, a multiple of 4 MiB up to 148 MiB (default 16 MiB); larger files go through an upload session.</summary>
    [Parameter]
    [ValidateRange(4L * 1024 * 1024, 148L * 1024 * 1024)]
    public long ChunkSize { get; set; } = FileUploader.DefaultChunkSize;

    /// <summary>Also writes one DropboxSyncItem per action (copy or delete) with its Outcome, before the summary.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private protected override SyncDirection SyncDirection => Direction;

    protected override void EndProcessing()
    {
        var options = Options();
        var run = RunOptions(options);
        var client = Client;
        Run(async (bridge, cancellationToken) =>
        {
            using var plan = await SyncPlan.PrepareAsync(client.Files, options, HashCache.DefaultDirectory, cancellationToken).ConfigureAwait(false);
            if (plan.Hashes.Busy) bridge.WriteWarning($"Another sync of '{options.LocalRoot}' is running: its hash cache is not used by this run.");
            using var progress = new SyncProgress(bridge, run.WhatIf ? "Planning a sync" : "Syncing", options);
            var observer = new Observer(this, bridge, progress, run.WhatIf);
            var summary = await new SyncRunner(client.Files, run).RunAsync(plan, observer, cancellationToken).ConfigureAwait(false);
            if (!run.WhatIf) await bridge.WriteObjectAsync(summary).ConfigureAwait(false);
        }, RemotePath);
    }

    private SyncRunOptions RunOptions(SyncOptions options)
    {
        DeleteLimit limit = DeleteLimit.Default;
        try
        {
            limit = DeleteLimit.Parse(MaxDelete);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, MaxDelete));
        }
        if (ChunkSize % ContentHasher.BlockSize != 0)
            ThrowTerminatingError(ErrorRecords.From(new ArgumentException($"-ChunkSize must be a multiple of 4 MiB (4194304 bytes); {ChunkSize} is not."), ChunkSize));
        return new SyncRunOptions
        {
            ThrottleLimit = ThrottleLimit,
            ChunkSize = (int)ChunkSize,
            MaxDelete = limit,
            Force = Force,
            BackupRoot = BackupPath is null ? null : BackupRoot(options),
            WhatIf = IsWhatIf(),
        };
    }

    /// <summary>-BackupPath as a full path: for a download, outside the synced folder.</summary>
    private string BackupRoot(SyncOptions options)
    {
        try
        {
            if (Direction == SyncDirection.Upload)
                throw new ArgumentException("-BackupPath keeps the local files a download sync deletes; an upload sync deletes nothing locally.");
            var backup = SessionState.Path.GetUnresolvedProviderPathFromPSPath(BackupPath, out var provider, out _)
                .TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                throw new ArgumentException($"-BackupPath '{BackupPath}' is not a file system path.");
            var root = options.LocalRoot.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
            if ((backup + Path.DirectorySeparatorChar).StartsWith(root, StringComparison.OrdinalIgnoreCase) ||
                root.StartsWith(backup + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"-BackupPath '{BackupPath}' must be outside the synced folder '{options.LocalRoot}' and not contain it.");
            return backup;
        }
        catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is ProviderNotFoundException || e is System.Management.Automation.DriveNotFoundException)
        {
            ThrowTerminatingError(ErrorRecords.From(e is ArgumentException ? e : new ArgumentException(e.Message), BackupPath));
            throw; // not reached
        }
    }

    private bool IsWhatIf() =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
            ? ((SwitchParameter)whatIf).IsPresent
            : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));

    /// <summary>The run's questions and reports, on the pipeline: -WhatIf writes the whole plan, -PassThru each action.</summary>
    private sealed class Observer(SyncDropboxFolderCommand command, PipelineBridge bridge, SyncProgress progress, bool whatIf) : ISyncObserver
    {
        public Task<bool> ApproveAsync(string target, string action) => bridge.ShouldProcessAsync(target, action);

        public void Seen(DropboxSyncItem item) => progress.Seen(item);

        public Task SettledAsync(DropboxSyncItem item) =>
            whatIf || (command.PassThru && item.Action != SyncAction.None) ? bridge.WriteObjectAsync(item) : Task.CompletedTask;

        public bool Failed(Exception error, object target)
        {
            if (error is not SyncItemException && error is not DeleteLimitExceededException && !ErrorRecords.IsPerItem(error)) return false;
            bridge.WriteError(ErrorRecords.From(error, target));
            return true;
        }
    }
}
