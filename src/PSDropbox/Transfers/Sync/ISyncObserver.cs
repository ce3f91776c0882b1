namespace PSDropbox.Transfers.Sync;

/// <summary>What a sync run tells its caller, and asks it. Called from several threads at once.</summary>
internal interface ISyncObserver
{
    /// <summary>Asks before each action (-WhatIf, -Confirm); false leaves it undone.</summary>
    Task<bool> ApproveAsync(string target, string action);

    /// <summary>The plan reached this item (progress).</summary>
    void Seen(DropboxSyncItem item);

    /// <summary>The item's outcome is final: its action done, failed or not done, or nothing to do.</summary>
    Task SettledAsync(DropboxSyncItem item);

    /// <summary>
    /// A path failed, or the plan left it alone as a conflict or an error. True: reported, the run goes on; false: the run
    /// stops with this error (it is not about one path, e.g. the connection is gone). The target is what the error names:
    /// the item for a conflict or an error of the plan, else the path acted on.
    /// </summary>
    bool Failed(Exception error, object target);
}
