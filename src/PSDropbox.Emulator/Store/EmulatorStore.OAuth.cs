using PSDropbox.Emulator.OAuth;

namespace PSDropbox.Emulator.Store;

/// <summary>A refresh-token family: one sign-in of one account to one app, and every token minted from it.</summary>
internal sealed record TokenFamily(string FamilyId, string AppKey, string AccountId, string Scope, bool Pkce);

/// <summary>Tokens issued by /oauth2/token. Access tokens are short-lived; refresh tokens never expire but can be revoked.</summary>
internal sealed partial class EmulatorStore
{
    public TokenFamily CreateTokenFamily(string appKey, string accountId, string scope, bool pkce)
    {
        var family = new TokenFamily(Guid.NewGuid().ToString("N"), appKey, accountId, scope, pkce);
        _writeLock.Wait();
        try
        {
            using var c = OpenConnection();
            Exec(c, null, """
                INSERT INTO token_families(family_id, app_key, account_id, scope, pkce, created) VALUES($f, $app, $a, $s, $p, $now)
                """, ("$f", family.FamilyId), ("$app", appKey), ("$a", accountId), ("$s", scope), ("$p", pkce ? 1 : 0), ("$now", Now()));
        }
        finally
        {
            _writeLock.Release();
        }
        return family;
    }

    /// <summary>Mints a short-lived access token ("sl." + random) of the family; returns it and its expiry (unix seconds).</summary>
    public (string Token, long ExpiresAt) IssueAccessToken(TokenFamily family, string scope, int lifetimeSeconds)
    {
        string token = "sl." + OAuthServer.NewSecret(48);
        long expiresAt = Now() + lifetimeSeconds;
        PutToken(token, family.AccountId, "short_lived", expiresAt, family.FamilyId, scope);
        return (token, expiresAt);
    }

    public string IssueRefreshToken(TokenFamily family)
    {
        string token = OAuthServer.NewSecret(48);
        PutToken(token, family.AccountId, "refresh", null, family.FamilyId, family.Scope);
        return token;
    }

    /// <summary>The family of a live refresh token, or null when the token is unknown or revoked.</summary>
    public TokenFamily? FindRefreshFamily(string refreshToken)
    {
        using var c = OpenConnection();
        using var cmd = Cmd(c, null, """
            SELECT f.family_id, f.app_key, f.account_id, f.scope, f.pkce FROM tokens t JOIN token_families f ON f.family_id = t.family_id
            WHERE t.token = $t AND t.kind = 'refresh'
            """, ("$t", refreshToken));
        using var r = cmd.ExecuteReader();
        return r.Read() ? new TokenFamily(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4) != 0) : null;
    }

    /// <summary>Deletes every token of a family (its refresh token and all access tokens minted from it).</summary>
    public void RevokeFamily(string familyId)
    {
        _writeLock.Wait();
        try
        {
            using var c = OpenConnection();
            Exec(c, null, "DELETE FROM tokens WHERE family_id=$f", ("$f", familyId));
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Test hook: every short-lived access token expires now. Returns how many did.</summary>
    public int ExpireAccessTokens()
    {
        _writeLock.Wait();
        try
        {
            using var c = OpenConnection();
            using var cmd = Cmd(c, null, "UPDATE tokens SET expires_at = $past WHERE kind = 'short_lived' AND expires_at > $past",
                ("$past", Now() - 1));
            return cmd.ExecuteNonQuery();
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
