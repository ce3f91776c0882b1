using PSDropbox.Client;

namespace PSDropbox.Transfers.Sync;

/// <summary>A path the plan leaves alone because of a conflict (names that are one name in Dropbox...) or an error.</summary>
internal sealed class SyncItemException : Exception
{
    public SyncItemException(DropboxSyncItem item)
        : base($"'{item.RelativePath}' was not synced: {Sentence.End(item.Reason)}") => Item = item;

    public DropboxSyncItem Item { get; }
}

/// <summary>-MaxDelete stopped the deletes of a run: more were planned than it allows.</summary>
internal sealed class DeleteLimitExceededException : Exception
{
    public DeleteLimitExceededException(long planned, long destinationFiles, DeleteLimit limit, string destination, bool whatIf)
        : base($"{(whatIf ? "Nothing would be deleted" : "Nothing was deleted")}: {planned:N0} of the {destinationFiles:N0} files in {destination} would be deleted, " +
            $"more than -MaxDelete {limit} allows ({limit.Allowed(destinationFiles):N0}). A source that lost many files may be incomplete (an unmounted drive, " +
            "a wrong path). Review the deletes with Compare-DropboxFolder -Delete, then run again with -Force or a higher -MaxDelete." +
            (whatIf ? "" : " Everything else was synced."))
    {
        Planned = planned;
    }

    public long Planned { get; }
}
