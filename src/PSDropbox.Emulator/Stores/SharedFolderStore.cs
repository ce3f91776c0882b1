using System.Globalization;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

/// <summary>
/// Shared folders: a folder of a namespace marked shared, with an id, and read-only or not for the namespace's account.
/// Items inside carry sharing_info; writes inside a read-only one answer no_write_permission (see <see cref="Writer.CheckWritable"/>).
/// The folder is known by its id, so it stays shared when it is moved or renamed.
/// </summary>
internal sealed class SharedFolderStore(Database db)
{
    /// <summary>Shares the folder at the path (creating it if missing) or changes read_only; returns it with its shared folder id.</summary>
    public Task<Item> ShareAsync(Account a, PathSpec spec, bool readOnly, CancellationToken ct = default) =>
        db.WriteAsync(w =>
        {
            if (spec.Kind != PathKind.Path || spec.Segments.Count == 0)
            {
                throw PathProblemException.Write("malformed_path");
            }
            long ns = a.NamespaceId;
            var (lower, _) = w.EnsureFolders(ns, a.View.PrefixLower, a.View.PrefixDisplay, spec.Segments, spec.Segments.Count);
            var folder = w.GetLive(ns, lower)!;
            string id = Sql.Scalar(w.Connection, w.Transaction, "SELECT shared_folder_id FROM shared_folders WHERE ns=$ns AND folder_id=$f",
                ("$ns", ns), ("$f", folder.Id)) as string ?? Random.Shared.NextInt64(1_000_000_000, 99_999_999_999).ToString(CultureInfo.InvariantCulture);
            Sql.Exec(w.Connection, w.Transaction, "INSERT OR REPLACE INTO shared_folders(ns, folder_id, shared_folder_id, read_only) VALUES($ns, $f, $id, $ro)",
                ("$ns", ns), ("$f", folder.Id), ("$id", id), ("$ro", readOnly ? 1L : 0L));
            return w.Reread(folder);
        }, ct);
}
