namespace PSDropbox.Transfers.Download;

/// <summary>
/// What a <see cref="TreeDownloader"/> tells its caller, and asks it. Called from several threads at once.
/// </summary>
internal interface IDownloadObserver
{
    /// <summary>Asks before a folder is created or a file removed; false leaves it alone (-WhatIf, -Confirm).</summary>
    Task<bool> ApproveAsync(string target, string action);

    /// <summary>Asks before a file is downloaded.</summary>
    Task<bool> ApproveDownloadAsync(DownloadJob job);

    /// <summary>A file joined the run (the listing streams, so the total grows as pages arrive).</summary>
    void Listed(DropboxFile file);

    /// <summary>A file's bytes start moving; the progress receives the bytes on disk so far.</summary>
    IProgress<long> Starting(DownloadJob job);

    /// <summary>A file is in place: downloaded (<paramref name="skipped"/> false) or already identical.</summary>
    Task FinishedAsync(DownloadJob job, DropboxFile metadata, bool skipped, IProgress<long>? progress);

    /// <summary>
    /// A file or source failed. True: reported, the run goes on with the rest; false: the run stops with this error
    /// (it is not about one item, e.g. the connection is gone).
    /// </summary>
    bool Failed(string remotePath, Exception error, IProgress<long>? progress);

    /// <summary>Something the user should know that is not an error (a renamed file, a removed orphan).</summary>
    void Warn(string text);

    void Note(string text);
}
