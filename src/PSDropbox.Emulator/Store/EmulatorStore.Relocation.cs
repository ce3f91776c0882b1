using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Store;

internal sealed partial class EmulatorStore
{
    public AsyncJobs Jobs { get; } = new();

    /// <summary>files/copy_v2 and files/move_v2 (see <see cref="Writer.Relocate"/>).</summary>
    public Task<Item> RelocateAsync(Account a, PathSpec from, PathSpec to, bool move, bool autorename, CancellationToken ct = default) =>
        WriteAsync(w => w.Relocate(a, from, to, move, autorename), ct);

    /// <summary>files/permanently_delete: deletes (if still live), then forgets the entries and their revisions.</summary>
    public Task PermanentlyDeleteAsync(Account a, PathSpec spec, string? parentRev, CancellationToken ct = default) =>
        WriteAsync(w =>
        {
            if (spec.Kind is PathKind.Root or PathKind.Rev)
            {
                throw PathProblemException.Lookup("malformed_path");
            }
            var item = Resolve(w.Connection, w.Transaction, a, spec).Existing ?? throw PathProblemException.Lookup("not_found");
            if (!item.IsDeleted)
            {
                if (!item.IsFolder && parentRev is not null && parentRev != item.Rev)
                {
                    throw PathProblemException.Write("conflict", "file");
                }
                w.DeleteSubtree(a.NamespaceId, item.PathLower);
            }
            w.PurgeSubtree(a.NamespaceId, item.PathLower);
            return true;
        }, ct);
}
