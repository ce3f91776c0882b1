using System.Diagnostics;
using PSDropbox.Client;

namespace PSDropbox.Transfers.Sync;

/// <summary>How Sync-DropboxFolder carries out a plan.</summary>
internal sealed class SyncRunOptions
{
    public const int DefaultThrottleLimit = Upload.TreeUploadOptions.DefaultThrottleLimit;

    public int ThrottleLimit { get; init; } = DefaultThrottleLimit;

    public int ChunkSize { get; init; } = FileUploader.DefaultChunkSize;

    public DeleteLimit MaxDelete { get; init; } = DeleteLimit.Default;

    /// <summary>Deletes even when more are planned than <see cref="MaxDelete"/> allows.</summary>
    public bool Force { get; init; }

    /// <summary>Local deletes move the files here (same relative paths) instead of deleting them.</summary>
    public string? BackupRoot { get; init; }

    /// <summary>-WhatIf: every action is declined, and planned items keep the Planned outcome.</summary>
    public bool WhatIf { get; init; }
}

/// <summary>
/// Carries out a sync plan as it is read: copies go to the transfer engines through the <see cref="SyncCopier"/>, planned deletes are
/// spooled and carried out by the <see cref="SyncDeleter"/> once the copies are done and the plan is complete, and
/// only if they are within -MaxDelete: past it, nothing is deleted and the rest of the sync still happens. Same files
/// are left alone; conflicts and errors of the plan are reported per path. Ends with the run's summary.
/// </summary>
internal sealed class SyncRunner
{
    private readonly FilesClient _files;
    private readonly SyncRunOptions _run;

    public SyncRunner(FilesClient files, SyncRunOptions run)
    {
        _files = files;
        _run = run;
    }

    public async Task<DropboxSyncSummary> RunAsync(SyncPlan plan, ISyncObserver caller, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var options = plan.Options;
        var summary = new DropboxSyncSummary(options.Direction, options.LocalRoot, options.RemotePathOf(""));
        var observer = new CountingObserver(caller, summary);
        using var deletes = new ExternalSorter<DropboxSyncItem>(Comparer<DropboxSyncItem>.Create((a, b) => SyncKey.Order.Compare(a.Key, b.Key)),
            (w, item) => item.Write(w), DropboxSyncItem.Read);
        long fileDeletes = 0;
        using (var copier = new SyncCopier(_files, options, plan.Hashes, observer, _run.ThrottleLimit, _run.ChunkSize, cancellationToken))
        {
            try
            {
                foreach (var item in plan.Items)
                {
                    observer.Seen(item);
                    if (item.Status is SyncStatus.Conflict or SyncStatus.Error)
                    {
                        var problem = new SyncItemException(item);
                        if (!observer.Failed(problem, item)) throw problem;
                        await observer.SettledAsync(item).ConfigureAwait(false);
                    }
                    else if (item.Action == SyncAction.Delete)
                    {
                        deletes.Add(item);
                        if (!item.IsFolder) fileDeletes++;
                    }
                    else if (item.Action is SyncAction.Upload or SyncAction.Download)
                    {
                        if (await observer.ApproveAsync(item.DestinationPath, CopyDescription(item)).ConfigureAwait(false))
                            await copier.AddAsync(item).ConfigureAwait(false);
                        else await DeclinedAsync(item, observer).ConfigureAwait(false);
                    }
                    else await observer.SettledAsync(item).ConfigureAwait(false);
                }
            }
            catch
            {
                copier.Stop();
                await IgnoreFailureAsync(copier.CompleteAsync()).ConfigureAwait(false);
                SaveInterrupted(plan.Hashes);
                throw;
            }
            await copier.CompleteAsync().ConfigureAwait(false);
        }

        var destinationFiles = plan.Planner.DestinationFiles;
        if (fileDeletes > _run.MaxDelete.Allowed(destinationFiles) && !_run.Force)
        {
            var destination = options.Upload ? $"the Dropbox folder {options.RemotePathOf("")}" : $"'{options.LocalRoot}'";
            var stopped = new DeleteLimitExceededException(fileDeletes, destinationFiles, _run.MaxDelete, destination, _run.WhatIf);
            if (!observer.Failed(stopped, options.Upload ? options.RemotePathOf("") : options.LocalRoot)) throw stopped;
            foreach (var item in deletes.Sorted())
            {
                item.Outcome = SyncOutcome.NotDone;
                item.Error = "held back by -MaxDelete";
                await observer.SettledAsync(item).ConfigureAwait(false);
            }
        }
        else
        {
            await new SyncDeleter(_files, options, _run.BackupRoot, observer, plan.Planner.PartlyDeletedFolders, _run.WhatIf)
                .RunAsync(deletes.Sorted(), cancellationToken).ConfigureAwait(false);
        }

        plan.Hashes.Save();
        summary.FilesHashed = plan.Hashes.FilesHashed;
        summary.BytesHashed = plan.Hashes.BytesHashed;
        summary.Duration = clock.Elapsed;
        return summary;
    }

    private Task DeclinedAsync(DropboxSyncItem item, ISyncObserver observer)
    {
        if (!_run.WhatIf)
        {
            item.Outcome = SyncOutcome.NotDone;
            item.Error = "declined";
        }
        return observer.SettledAsync(item);
    }

    private static string CopyDescription(DropboxSyncItem item) => (item.Action, item.IsFolder) switch
    {
        (SyncAction.Upload, true) => "Create the Dropbox folder",
        (SyncAction.Download, true) => "Create the local folder",
        (SyncAction.Upload, _) => $"Upload {item.LocalPath} ({item.Reason})",
        _ => $"Download {item.RemotePath} ({item.Reason})",
    };

    /// <summary>What was copied is known when the run is started again; a cache that cannot be written only makes it slower.</summary>
    private static void SaveInterrupted(HashCache hashes)
    {
        try { hashes.SaveInterrupted(); }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { }
    }

    private static async Task IgnoreFailureAsync(Task task)
    {
        try { await task.ConfigureAwait(false); }
        catch { /* only waiting for the copies to stop */ }
    }

    /// <summary>Counts every settled item into the summary before the caller hears of it.</summary>
    private sealed class CountingObserver(ISyncObserver inner, DropboxSyncSummary summary) : ISyncObserver
    {
        public Task<bool> ApproveAsync(string target, string action) => inner.ApproveAsync(target, action);

        public void Seen(DropboxSyncItem item) => inner.Seen(item);

        public Task SettledAsync(DropboxSyncItem item)
        {
            summary.Count(item);
            return inner.SettledAsync(item);
        }

        public bool Failed(Exception error, object target) => inner.Failed(error, target);
    }
}
