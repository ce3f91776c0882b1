using PSDropbox.Client;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Transfers.Sync;

/// <summary>
/// Carries out the planned deletes, in key order, once every copy is done. Dropbox: restorable deletes through
/// files/delete_batch (a file only at the revision the plan saw; a folder the sync deletes whole in one entry, with
/// everything in it). Local: file by file (deleted, or moved to the backup folder under the same relative path), only if
/// the file is still as the plan saw it; a folder goes last, once it is empty. A folder that keeps something the sync
/// leaves alone stays.
/// </summary>
internal sealed class SyncDeleter
{
    private const int MaxPendingItems = 10_000;

    private readonly FilesClient _files;
    private readonly SyncOptions _options;
    private readonly string? _backupRoot;
    private readonly ISyncObserver _observer;
    private readonly IReadOnlyCollection<string> _partlyDeleted;
    private readonly bool _whatIf;

    public SyncDeleter(FilesClient files, SyncOptions options, string? backupRoot, ISyncObserver observer, IReadOnlyCollection<string> partlyDeleted, bool whatIf)
    {
        _files = files;
        _options = options;
        _backupRoot = backupRoot;
        _observer = observer;
        _partlyDeleted = partlyDeleted;
        _whatIf = whatIf;
    }

    public Task RunAsync(IEnumerable<DropboxSyncItem> deletes, CancellationToken cancellationToken) =>
        _options.Upload ? RemoteAsync(deletes, cancellationToken) : LocalAsync(deletes, cancellationToken);

    private async Task RemoteAsync(IEnumerable<DropboxSyncItem> deletes, CancellationToken cancellationToken)
    {
        // Entries of the next delete_batch call, and the items each one settles (itself, and what a folder holds).
        var batch = new List<DropboxSyncItem>();
        var pending = new List<(DropboxSyncItem Item, int Entry)>();
        DropboxSyncItem? wholeFolder = null;
        var wholeEntry = -1;
        foreach (var item in deletes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (wholeFolder is not null && SyncKey.IsInside(item.Key, wholeFolder.Key))
            {
                if (wholeEntry >= 0) pending.Add((item, wholeEntry));
                else await SettleInsideAsync(item, wholeFolder).ConfigureAwait(false);
                continue;
            }
            wholeFolder = null;
            if (item.IsFolder && _partlyDeleted.Contains(item.Key))
            {
                await KeptAsync(item).ConfigureAwait(false);
                continue;
            }
            var approved = await _observer.ApproveAsync(item.RemotePath,
                item.IsFolder ? "Delete the Dropbox folder with everything in it (restorable)" : "Delete from Dropbox (restorable)").ConfigureAwait(false);
            if (!approved) await DeclinedAsync(item).ConfigureAwait(false);
            else
            {
                batch.Add(item);
                pending.Add((item, batch.Count - 1));
            }
            if (item.IsFolder)
            {
                wholeFolder = item;
                wholeEntry = approved ? batch.Count - 1 : -1;
            }
            if (batch.Count == FilesClient.MaxBatchEntries || pending.Count >= MaxPendingItems)
            {
                await FlushAsync(batch, pending, cancellationToken).ConfigureAwait(false);
                wholeEntry = -1; // what the folder still holds settles as the folder did
            }
        }
        await FlushAsync(batch, pending, cancellationToken).ConfigureAwait(false);
    }

    private async Task FlushAsync(List<DropboxSyncItem> batch, List<(DropboxSyncItem Item, int Entry)> pending, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return;
        var entries = batch
            .Select(i => new KeyValuePair<string, string?>(CryptPaths.ForNew(_options.Crypt, i.RemotePath, i.IsFolder), i.IsFolder ? null : i.RemoteRev))
            .ToList();
        var outcomes = await _files.DeleteBatchAsync(entries, cancellationToken).ConfigureAwait(false);
        foreach (var (item, entry) in pending)
        {
            var top = batch[entry];
            if (item != top)
            {
                await SettleInsideAsync(item, top).ConfigureAwait(false);
                continue;
            }
            if (outcomes[entry].Error is { } error) Fail(item, error);
            else item.Outcome = SyncOutcome.Done;
            await _observer.SettledAsync(item).ConfigureAwait(false);
        }
        batch.Clear();
        pending.Clear();
    }

    /// <summary>An item inside a folder deleted whole goes (or stays) with the folder.</summary>
    private Task SettleInsideAsync(DropboxSyncItem item, DropboxSyncItem folder)
    {
        if (folder.Outcome == SyncOutcome.Done) item.Outcome = SyncOutcome.Done;
        else if (!_whatIf)
        {
            item.Outcome = SyncOutcome.NotDone;
            item.Error = folder.Outcome == SyncOutcome.Failed ? "its folder could not be deleted" : "its folder was not deleted";
        }
        return _observer.SettledAsync(item);
    }

    private async Task LocalAsync(IEnumerable<DropboxSyncItem> deletes, CancellationToken cancellationToken)
    {
        // The folders on the current path, each removed once what it holds is gone.
        var folders = new List<(DropboxSyncItem Item, bool Emptied)>();
        foreach (var item in deletes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await CloseFoldersOutsideAsync(folders, item.Key).ConfigureAwait(false);
            if (item.IsFolder)
            {
                folders.Add((item, !_partlyDeleted.Contains(item.Key)));
                continue;
            }
            var target = BackupPathOf(item);
            if (!await _observer.ApproveAsync(item.LocalPath, target is null ? "Delete the local file" : $"Move the local file to {target}").ConfigureAwait(false))
            {
                await DeclinedAsync(item).ConfigureAwait(false);
                if (!_whatIf) KeepParents(folders); // -WhatIf lists the folder's removal too
                continue;
            }
            try
            {
                if (!SyncCopier.StillAsPlanned(item))
                    throw new IOException($"'{item.LocalPath}' changed since the folders were compared; it was not deleted. Run the sync again.");
                if (target is null) File.Delete(item.LocalPath);
                else
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Move(item.LocalPath, target);
                }
                item.Outcome = SyncOutcome.Done;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Fail(item, e);
                KeepParents(folders);
            }
            await _observer.SettledAsync(item).ConfigureAwait(false);
        }
        await CloseFoldersOutsideAsync(folders, null).ConfigureAwait(false);
    }

    private async Task CloseFoldersOutsideAsync(List<(DropboxSyncItem Item, bool Emptied)> folders, string? key)
    {
        while (folders.Count > 0)
        {
            var (folder, emptied) = folders[folders.Count - 1];
            if (key is not null && SyncKey.IsInside(key, folder.Key)) return;
            folders.RemoveAt(folders.Count - 1);
            if (!emptied)
            {
                await KeptAsync(folder).ConfigureAwait(false);
                KeepParents(folders);
                continue;
            }
            if (!await _observer.ApproveAsync(folder.LocalPath, "Remove the empty local folder").ConfigureAwait(false))
            {
                await DeclinedAsync(folder).ConfigureAwait(false);
                KeepParents(folders);
                continue;
            }
            try
            {
                if (BackupPathOf(folder) is { } backup) Directory.CreateDirectory(backup);
                Directory.Delete(folder.LocalPath, recursive: false);
                folder.Outcome = SyncOutcome.Done;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Fail(folder, e);
                KeepParents(folders);
            }
            await _observer.SettledAsync(folder).ConfigureAwait(false);
        }
    }

    private static void KeepParents(List<(DropboxSyncItem Item, bool Emptied)> folders)
    {
        for (var i = 0; i < folders.Count; i++) folders[i] = (folders[i].Item, false);
    }

    /// <summary>Where -BackupPath keeps a deleted local item: the same relative path, numbered when that name is taken.</summary>
    private string? BackupPathOf(DropboxSyncItem item)
    {
        if (_backupRoot is null) return null;
        var relative = item.LocalPath.Substring(_options.LocalRoot.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var target = Path.Combine(_backupRoot, relative);
        if (item.IsFolder) return target;
        var directory = Path.GetDirectoryName(target)!;
        var name = Path.GetFileNameWithoutExtension(target);
        var extension = Path.GetExtension(target);
        for (var n = 1; File.Exists(target) || Directory.Exists(target); n++) target = Path.Combine(directory, $"{name} ({n}){extension}");
        return target;
    }

    private void Fail(DropboxSyncItem item, Exception e)
    {
        item.Outcome = SyncOutcome.Failed;
        var perItem = _observer.Failed(e, item.DestinationPath);
        item.Error = e.Message; // as the error record words it
        if (!perItem) throw e;
    }

    private Task DeclinedAsync(DropboxSyncItem item)
    {
        if (!_whatIf)
        {
            item.Outcome = SyncOutcome.NotDone;
            item.Error = "declined";
        }
        return _observer.SettledAsync(item);
    }

    /// <summary>A folder that keeps something the sync leaves alone (or did not delete) stays.</summary>
    private Task KeptAsync(DropboxSyncItem folder)
    {
        if (!_whatIf)
        {
            folder.Outcome = SyncOutcome.NotDone;
            folder.Error = "the folder stays: it holds items the sync leaves alone or did not delete";
        }
        return _observer.SettledAsync(folder);
    }
}
