using Microsoft.Data.Sqlite;

namespace PSDropbox.Emulator.Store;

/// <summary>A shared link row. Audience: public | team | no_one; Access: viewer | editor | max | default.</summary>
internal sealed record SharedLink(
    string Id, string RlKey, string AccountId, long Ns, string ItemId, string? Password, long? Expires,
    string Audience, string Access, bool AllowDownload, bool Revoked);

/// <summary>What create_shared_link_with_settings asked for (validated).</summary>
internal sealed record SharedLinkSettings(string? Password, long? Expires, string Audience, string Access, bool AllowDownload);

internal sealed partial class EmulatorStore
{
    private const string SharedLinkColumns = "id, rlkey, account_id, ns, item_id, password, expires, audience, access, allow_download, revoked";

    private static SharedLink ReadSharedLink(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5),
        r.IsDBNull(6) ? null : r.GetInt64(6), r.GetString(7), r.GetString(8), r.GetInt64(9) != 0, r.GetInt64(10) != 0);

    public SharedLink? GetSharedLink(string id)
    {
        using var c = OpenConnection();
        using var cmd = Cmd(c, null, $"SELECT {SharedLinkColumns} FROM shared_links WHERE id=$id", ("$id", id));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadSharedLink(r) : null;
    }

    /// <summary>
    /// create_shared_link_with_settings: a new link to the live item, or (Existing: true) the account's current link to it.
    /// Throws PathProblemException not_found.
    /// </summary>
    public Task<(Item Item, SharedLink Link, bool Existing)> CreateSharedLinkAsync(Account a, Edge.PathSpec spec, SharedLinkSettings settings,
        CancellationToken ct) =>
        WriteAsync(w =>
        {
            var item = Resolve(w.Connection, w.Transaction, a, spec).Existing;
            if (item is null || item.IsDeleted)
            {
                throw PathProblemException.Lookup("not_found");
            }
            using (var cmd = Cmd(w.Connection, w.Transaction,
                $"SELECT {SharedLinkColumns} FROM shared_links WHERE ns=$ns AND item_id=$item AND account_id=$a AND revoked=0 ORDER BY created LIMIT 1",
                ("$ns", a.NamespaceId), ("$item", item.Id), ("$a", a.AccountId)))
            using (var r = cmd.ExecuteReader())
            {
                if (r.Read())
                {
                    return (item, ReadSharedLink(r), true);
                }
            }
            var link = new SharedLink(NewLinkToken()[..15], NewLinkToken()[..25], a.AccountId, a.NamespaceId, item.Id, settings.Password,
                settings.Expires, settings.Audience, settings.Access, settings.AllowDownload, false);
            Exec(w.Connection, w.Transaction, """
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
    public (List<(Item Item, SharedLink Link)> Links, bool HasMore) ListSharedLinks(Account a, Edge.PathSpec? spec, bool directOnly, string afterId, int limit)
    {
        using var c = OpenConnection();
        using var tx = c.BeginTransaction(deferred: true);
        var result = new List<(Item, SharedLink)>();
        if (spec is not null)
        {
            var target = Resolve(c, tx, a, spec).Existing;
            if (target is null || target.IsDeleted)
            {
                throw PathProblemException.Lookup("not_found");
            }
            var chain = new List<Item>();
            for (string p = target.PathLower; p.Length > 0 && (chain.Count == 0 || !directOnly); p = Edge.PathRules.ParentOf(p))
            {
                if (GetItem(c, tx, a.NamespaceId, p) is { IsDeleted: false } i)
                {
                    chain.Add(i);
                }
            }
            foreach (var item in chain)
            {
                using var cmd = Cmd(c, tx, $"SELECT {SharedLinkColumns} FROM shared_links WHERE ns=$ns AND item_id=$item AND account_id=$a AND revoked=0 ORDER BY created",
                    ("$ns", a.NamespaceId), ("$item", item.Id), ("$a", a.AccountId));
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    result.Add((item, ReadSharedLink(r)));
                }
            }
            return (result, false);
        }
        using (var cmd = Cmd(c, tx, $"SELECT {SharedLinkColumns} FROM shared_links WHERE account_id=$a AND revoked=0 AND id > $after ORDER BY id",
            ("$a", a.AccountId), ("$after", afterId)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                var link = ReadSharedLink(r);
                if (GetLiveById(c, tx, link.Ns, link.ItemId) is { } item)
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

    /// <summary>revoke_shared_link: true when revoked; false when the link belongs to another account.</summary>
    public Task<bool> RevokeSharedLinkAsync(Account a, string id, CancellationToken ct) =>
        WriteAsync(w =>
        {
            if (Scalar(w.Connection, w.Transaction, "SELECT account_id FROM shared_links WHERE id=$id", ("$id", id)) is not string owner || owner != a.AccountId)
            {
                return false;
            }
            Exec(w.Connection, w.Transaction, "UPDATE shared_links SET revoked=1 WHERE id=$id", ("$id", id));
            return true;
        }, ct);

    /// <summary>Live items strictly below a folder (for serving folder links).</summary>
    public List<Item> LiveDescendants(long ns, string folderLower)
    {
        using var c = OpenConnection();
        using var tx = c.BeginTransaction(deferred: true);
        return Descendants(c, tx, ns, folderLower);
    }
}
