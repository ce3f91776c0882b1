using PSDropbox.Client;

namespace PSDropbox.Transfers.Upload;

/// <summary>What the <see cref="TreeUploader"/> tells its caller. Called from worker threads, concurrently.</summary>
internal interface IUploadObserver
{
    /// <summary>The walk reached <paramref name="job"/> (totals grow while the tree is walked); false skips it (e.g. -WhatIf).</summary>
    Task<bool> ShouldUploadAsync(UploadJob job);

    /// <summary>The file's bytes as the server confirms them (absolute counts); a file of many chunks may get its own bar.</summary>
    IProgress<long> Sending(UploadJob job);

    /// <summary>
    /// The file is in Dropbox: uploaded, or with <paramref name="skipped"/> already there with the same content. Folders
    /// report their metadata, or null when they already existed.
    /// </summary>
    Task DoneAsync(UploadJob job, DropboxItem? item, bool skipped);

    /// <summary>The job failed; true when that concerns this job only (the rest goes on), false when the upload must stop.</summary>
    bool Failed(UploadJob job, Exception error);
}
