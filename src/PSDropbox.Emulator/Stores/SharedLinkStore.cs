using Microsoft.Data.Sqlite;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

/// <summary>Shared links (sharing/*): one row per link, owned by the account that made it, pointing at an item id.</summary>
internal sealed class SharedLinkStore(Database db)
{
    private const string SharedLinkColumns = "id, rlkey, account_id, ns, item_id, password, expires, audience, access, allow_download, revoked";

    private static SharedLink ReadSharedLink(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5),
        r.IsDBNull(6) ? null : r.GetInt64(6), r.GetString(7), r.GetString(8), r.GetInt64(9) != 0, r.GetInt64(10) != 0);

    public SharedLink? Get(string id)
    {
        using var c = db.OpenConnection();
        using var cmd = Sql.Cmd(c, null, $"SELECT {SharedLinkColumns} FROM shared_links WHERE id=$id", ("$id", id));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadSharedLink(r) : null;
    }

    /// <summary>
    /// create_shared_link_with_settings: a new link to the live item, or (Existing: true) the account's current link to it.
    /// Throws PathProblemException not_found.
    /// </summary>
    public Task<(Item Item, SharedLink Link, bool Existing)> CreateAsync(Account a, PathSpec spec, SharedLinkSettings settings,
        CancellationToken ct) =>
        db.WriteAsync(w =>
        {
            var item = PathResolver.Resolve(w.Connection, w.Transaction, a, spec).Existing;
            if (item is null || item.IsDeleted)
            {
                throw PathProblemException.Lookup("not_found");
            }
            using (var cmd = Sql.Cmd(w.Connection, w.Transaction,
                $"SELECT {SharedLinkColumns} FROM shared_links WHERE ns=$ns AND item_id=$item AND account_id=$a AND revoked=0 ORDER BY created LIMIT 1",
                ("$ns", a.NamespaceId), ("$item", item.Id), ("$a", a.AccountId)))
            using (var r = cmd.ExecuteReader())
            {
                if (r.Read())
                {
                    return (item, ReadSharedLink(r), true);
                }
            }
            var link = new SharedLink(Ids.NewSecret(24)[..15], Ids.NewSecret(24)[..25], a.AccountId, a.NamespaceId, item.Id, settings.Password,
                settings.Expires, settings.Audience, settings.Access, settings.AllowDownload, false);
            Sql.Exec(w.Connection, w.Transaction, """
                INSERT INTO shared_links(id, rlkey, account_id, ns, item_id, password, expires, audience, access, allow_download, revoked, created)
                VALUES($id, $k, $a, $ns, $item, $pw, $exp, $aud, $acc, $dl, 0, $now)
                """, ("$id", link.Id), ("$k", link.RlKey), ("$a", a.AccountId), ("$ns", link.Ns), ("$item", link.ItemId), ("$pw", link.Password),
                ("$exp", link.Expires), ("$aud", link.Audience), ("$acc", link.Access), ("$dl", link.AllowDownload ? 1L : 0L), ("$now", w.Now));
            return (item, link, false);
        }, ct);

    /// <summary>
    /// list_shared_links. With a path: the item's links and (unless directOnly) its ancestors' links, all at once.
    /// Without: every link of the account, ordered by id, after <paramref name="afterId"/>, at most <paramref name="limit"/>.
    /// Links whose item is gone are left out. Throws PathProblemException not_found for a missing path.
    /// </summary>
    public (List<(Item Item, SharedLink Link)> Links, bool HasMore) List(Account a, PathSpec? spec, bool directOnly, string afterId, int limit)
    {
        using var c = db.OpenConnection();
        using var tx = c.BeginTransaction(deferred: true);
        var result = new List<(Item, SharedLink)>();
        if (spec is not null)
        {
            var target = PathResolver.Resolve(c, tx, a, spec).Existing;
            if (target is null || target.IsDeleted)
            {
                throw PathProblemException.Lookup("not_found");
            }
            var chain = new List<Item>();
            for (string p = target.PathLower; p.Length > 0 && (chain.Count == 0 || !directOnly); p = PathRules.ParentOf(p))
            {
                if (ItemRows.Get(c, tx, a.NamespaceId, p) is { IsDeleted: false } i)
                {
                    chain.Add(i);
                }
            }
            foreach (var item in chain)
            {
                using var cmd = Sql.Cmd(c, tx, $"SELECT {SharedLinkColumns} FROM shared_links WHERE ns=$ns AND item_id=$item AND account_id=$a AND revoked=0 ORDER BY created",
                    ("$ns", a.NamespaceId), ("$item", item.Id), ("$a", a.AccountId));
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    result.Add((item, ReadSharedLink(r)));
                }
            }
            return (result, false);
        }
        using (var cmd = Sql.Cmd(c, tx, $"SELECT {SharedLinkColumns} FROM shared_links WHERE account_id=$a AND revoked=0 AND id > $after ORDER BY id",
            ("$a", a.AccountId), ("$after", afterId)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                var link = ReadSharedLink(r);
                if (ItemRows.GetLiveById(c, tx, link.Ns, link.ItemId) is { } item)
                {
                    if (result.Count == limit)
                    {
                        return (result, true);
                    }
                    result.Add((item, link));
                }
            }
        }
        return (result, false);
    }

    /// <summary>modify_shared_link_settings: stores the link's new password, expiry, audience and download setting.</summary>
    public Task UpdateAsync(SharedLink link, CancellationToken ct) =>
        db.WriteAsync(w =>
        {
            Sql.Exec(w.Connection, w.Transaction, "UPDATE shared_links SET password=$pw, expires=$exp, audience=$aud, allow_download=$dl WHERE id=$id",
                ("$id", link.Id), ("$pw", link.Password), ("$exp", link.Expires), ("$aud", link.Audience), ("$dl", link.AllowDownload ? 1L : 0L));
            return 0;
        }, ct);

    /// <summary>revoke_shared_link: true when revoked; false when the link belongs to another account.</summary>
    public Task<bool> RevokeAsync(Account a, string id, CancellationToken ct) =>
        db.WriteAsync(w =>
        {
            if (Sql.Scalar(w.Connection, w.Transaction, "SELECT account_id FROM shared_links WHERE id=$id", ("$id", id)) is not string owner || owner != a.AccountId)
            {
                return false;
            }
            Sql.Exec(w.Connection, w.Transaction, "UPDATE shared_links SET revoked=1 WHERE id=$id", ("$id", id));
            return true;
        }, ct);
}
