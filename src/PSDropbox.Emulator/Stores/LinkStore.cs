using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

/// <summary>
/// files/get_temporary_link links (a snapshot of one file revision, served without auth until it expires) and copy
/// references (files/copy_reference/get and save: a reference made by one account can be saved by another).
/// </summary>
internal sealed class LinkStore(Database db, TreeStore tree, EmulatorClock clock, TransferSettings settings)
{
    /// <summary>copy_reference/save refuses folders holding more entries than this (too_many_files).</summary>
    public const int MaxSavedItems = 10_000;

    /// <summary>files/get_temporary_link: the live file at <paramref name="spec"/> and a new link to its current content.</summary>
    public async Task<(Item File, TemporaryLink Link)> CreateTemporaryLinkAsync(Account a, PathSpec spec, CancellationToken ct)
    {
        var item = tree.GetItem(a, spec);
        if (item is null || item.IsDeleted)
        {
            throw PathProblemException.Lookup("not_found");
        }
        if (item.IsFolder)
        {
            throw PathProblemException.Lookup("not_file");
        }
        var link = new TemporaryLink(Ids.NewSecret(24), a.NamespaceId, item.Id, item.Name, item.ContentHash!, item.Size,
            clock.Now() + (long)settings.TemporaryLinkLifetime.TotalSeconds);
        await db.WriteAsync(w =>
        {
            Sql.Exec(w.Connection, w.Transaction, """
                INSERT INTO temporary_links(token, ns, file_id, name, content_hash, size, expires_at)
                VALUES($t, $ns, $id, $name, $hash, $size, $exp)
                """, ("$t", link.Token), ("$ns", link.Ns), ("$id", link.FileId), ("$name", link.Name), ("$hash", link.ContentHash),
                ("$size", link.Size), ("$exp", link.ExpiresAt));
            return 0;
        }, ct).ConfigureAwait(false);
        return (item, link);
    }

    public TemporaryLink? GetTemporaryLink(string token)
    {
        using var c = db.OpenConnection();
        using var cmd = Sql.Cmd(c, null, "SELECT token, ns, file_id, name, content_hash, size, expires_at FROM temporary_links WHERE token=$t", ("$t", token));
        using var r = cmd.ExecuteReader();
        return r.Read() ? new TemporaryLink(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5), r.GetInt64(6)) : null;
    }

    // ---------------------------------------------------------------- copy references

    /// <summary>copy_reference/get: the live item and a reference any account can save.</summary>
    public async Task<(Item Item, string Reference)> CreateCopyReferenceAsync(Account a, PathSpec spec, CancellationToken ct)
    {
        var item = tree.GetItem(a, spec);
        if (item is null || item.IsDeleted)
        {
            throw PathProblemException.Lookup("not_found");
        }
        string reference = "CR1" + Ids.NewSecret(24);
        await db.WriteAsync(w =>
        {
            Sql.Exec(w.Connection, w.Transaction, "INSERT INTO copy_references(ref, account_id, ns, item_id, created) VALUES($r, $a, $ns, $id, $now)",
                ("$r", reference), ("$a", a.AccountId), ("$ns", a.NamespaceId), ("$id", item.Id), ("$now", w.Now));
            return 0;
        }, ct).ConfigureAwait(false);
        return (item, reference);
    }

    /// <summary>
    /// copy_reference/save: copies the referenced file or folder tree (from whichever account made the reference) to
    /// <paramref name="dest"/> in <paramref name="a"/>'s namespace. Blobs are content-addressed, so only metadata is copied.
    /// Throws RouteErrorException (invalid_copy_reference / not_found / too_many_files) or PathProblemException (write tags).
    /// </summary>
    public Task<Item> SaveCopyReferenceAsync(Account a, string reference, PathSpec dest, CancellationToken ct) =>
        db.WriteAsync(w =>
        {
            long srcNs;
            string itemId;
            using (var cmd = Sql.Cmd(w.Connection, w.Transaction, "SELECT ns, item_id FROM copy_references WHERE ref=$r", ("$r", reference)))
            using (var r = cmd.ExecuteReader())
            {
                if (!r.Read())
                {
                    throw RouteErrorException.Of("invalid_copy_reference");
                }
                srcNs = r.GetInt64(0);
                itemId = r.GetString(1);
            }
            var source = ItemRows.GetLiveById(w.Connection, w.Transaction, srcNs, itemId) ?? throw RouteErrorException.Of("not_found");
            var (parentLower, parentDisplay, name) = w.PrepareLeaf(a, dest);
            long ns = a.NamespaceId;
            string lower = parentLower + "/" + PathRules.LowerName(name);
            if (w.GetLive(ns, lower) is { } existing)
            {
                throw PathProblemException.Write("conflict", existing.IsFolder ? "folder" : "file");
            }
            if (srcNs == ns && (lower == source.PathLower || lower.StartsWith(source.PathLower + "/", StringComparison.Ordinal)))
            {
                throw PathProblemException.Write("conflict", "folder");
            }
            string display = parentDisplay + "/" + name;
            if (!source.IsFolder)
            {
                return w.Reread(w.PutFile(ns, lower, display, name, source.ContentHash!, source.Size, source.ClientModified, exports: source.Exports));
            }
            var descendants = ItemRows.Descendants(w.Connection, w.Transaction, srcNs, source.PathLower);
            if (descendants.Count + 1 > MaxSavedItems)
            {
                throw RouteErrorException.Of("too_many_files");
            }
            var folder = w.AddFolder(ns, lower, display, name);
            foreach (var d in descendants)
            {
                string rel = d.PathDisplay[source.PathDisplay.Length..];
                string relLower = d.PathLower[source.PathLower.Length..];
                if (d.IsFolder)
                {
                    w.AddFolder(ns, lower + relLower, display + rel, d.Name);
                }
                else
                {
                    w.PutFile(ns, lower + relLower, display + rel, d.Name, d.ContentHash!, d.Size, d.ClientModified, exports: d.Exports);
                }
            }
            return w.Reread(folder);
        }, ct);
}
