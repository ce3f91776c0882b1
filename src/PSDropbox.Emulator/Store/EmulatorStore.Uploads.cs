using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Store;

/// <summary>WriteMode (§2.2): add, overwrite, or update with the rev the client last saw.</summary>
internal enum WriteModeKind { Add, Overwrite, Update }

/// <summary>The CommitInfo of files/upload and upload_session/finish, decoded.</summary>
internal sealed record CommitInfo(PathSpec Path, WriteModeKind Mode, string? UpdateRev, bool Autorename, long? ClientModified, bool StrictConflict);

internal sealed partial class EmulatorStore
{
    /// <summary>
    /// Commits stored content (<paramref name="contentHash"/> must already be in <see cref="Blobs"/>) at the commit's path,
    /// applying the WriteMode conflict rules. Throws PathProblemException (write tags) on a conflict.
    /// </summary>
    public Task<Item> CommitFileAsync(Account a, CommitInfo commit, string contentHash, long size, CancellationToken ct = default) =>
        WriteAsync(w => w.CommitFile(a, commit, contentHash, size), ct);
}
