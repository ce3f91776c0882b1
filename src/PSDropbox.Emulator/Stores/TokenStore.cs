using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

/// <summary>
/// Bearer tokens and the OAuth token families they come from. Long-lived tokens are configured (--access-token,
/// --account); /oauth2/token mints short-lived access tokens ("sl.…") and refresh tokens that never expire but can be revoked.
/// </summary>
internal sealed class TokenStore(Database db)
{
    /// <summary>Adds or replaces a token. kind: "long_lived", "short_lived", "refresh"; expiresAt: unix seconds or null.</summary>
    public void Put(string token, string accountId, string kind, long? expiresAt = null, string? familyId = null, string? scope = null) =>
        db.Write(c => Sql.Exec(c, null, """
                INSERT OR REPLACE INTO tokens(token, account_id, kind, expires_at, family_id, scope, created)
                VALUES($t, $a, $k, $e, $f, $s, $now)
                """, ("$t", token), ("$a", accountId), ("$k", kind), ("$e", expiresAt), ("$f", familyId), ("$s", scope), ("$now", EmulatorClock.WallNow())));

    public TokenInfo? Lookup(string token)
    {
        using var c = db.OpenConnection();
        using var cmd = Sql.Cmd(c, null, "SELECT token, account_id, kind, expires_at, family_id FROM tokens WHERE token=$t", ("$t", token));
        using var r = cmd.ExecuteReader();
        return r.Read()
            ? new TokenInfo(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetInt64(3), r.IsDBNull(4) ? null : r.GetString(4))
            : null;
    }

    /// <summary>When an expiring (not long-lived) access token was issued, in Unix seconds; null for other tokens.</summary>
    public long? ExpiringTokenIssuedAt(string token)
    {
        using var c = db.OpenConnection();
        return Sql.Scalar(c, null, "SELECT created FROM tokens WHERE token = $t AND kind <> 'long_lived'", ("$t", token)) is long created ? created : null;
    }

    /// <summary>Deletes a token; with a family id, every token of that family (refresh token and its access tokens).</summary>
    public int Revoke(string token)
    {
        var info = Lookup(token);
        if (info is null)
        {
            return 0;
        }
        return db.Write(c =>
        {
            using var cmd = info.FamilyId is null
                ? Sql.Cmd(c, null, "DELETE FROM tokens WHERE token=$t", ("$t", token))
                : Sql.Cmd(c, null, "DELETE FROM tokens WHERE family_id=$f OR token=$t", ("$f", info.FamilyId), ("$t", token));
            return cmd.ExecuteNonQuery();
        });
    }

    public TokenFamily CreateFamily(string appKey, string accountId, string scope, bool pkce)
    {
        var family = new TokenFamily(Guid.NewGuid().ToString("N"), appKey, accountId, scope, pkce);
        db.Write(c => Sql.Exec(c, null, """
            INSERT INTO token_families(family_id, app_key, account_id, scope, pkce, created) VALUES($f, $app, $a, $s, $p, $now)
            """, ("$f", family.FamilyId), ("$app", appKey), ("$a", accountId), ("$s", scope), ("$p", pkce ? 1 : 0), ("$now", EmulatorClock.WallNow())));
        return family;
    }

    /// <summary>Mints a short-lived access token ("sl." + random) of the family; returns it and its expiry (unix seconds).</summary>
    public (string Token, long ExpiresAt) IssueAccessToken(TokenFamily family, string scope, int lifetimeSeconds)
    {
        string token = "sl." + Ids.NewSecret(48);
        long expiresAt = EmulatorClock.WallNow() + lifetimeSeconds;
        Put(token, family.AccountId, "short_lived", expiresAt, family.FamilyId, scope);
        return (token, expiresAt);
    }

    public string IssueRefreshToken(TokenFamily family)
    {
        string token = Ids.NewSecret(48);
        Put(token, family.AccountId, "refresh", null, family.FamilyId, family.Scope);
        return token;
    }

    /// <summary>The family of a live refresh token, or null when the token is unknown or revoked.</summary>
    public TokenFamily? FindRefreshFamily(string refreshToken)
    {
        using var c = db.OpenConnection();
        using var cmd = Sql.Cmd(c, null, """
            SELECT f.family_id, f.app_key, f.account_id, f.scope, f.pkce FROM tokens t JOIN token_families f ON f.family_id = t.family_id
            WHERE t.token = $t AND t.kind = 'refresh'
            """, ("$t", refreshToken));
        using var r = cmd.ExecuteReader();
        return r.Read() ? new TokenFamily(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4) != 0) : null;
    }

    /// <summary>Deletes every token of a family (its refresh token and all access tokens minted from it).</summary>
    public void RevokeFamily(string familyId) =>
        db.Write(c => Sql.Exec(c, null, "DELETE FROM tokens WHERE family_id=$f", ("$f", familyId)));

    /// <summary>Test hook: every short-lived access token expires now. Returns how many did.</summary>
    public int ExpireAccessTokens() =>
        db.Write(c =>
        {
            using var cmd = Sql.Cmd(c, null, "UPDATE tokens SET expires_at = $past WHERE kind = 'short_lived' AND expires_at > $past",
                ("$past", EmulatorClock.WallNow() - 1));
            return cmd.ExecuteNonQuery();
        });
}
