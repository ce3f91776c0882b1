using PSDropbox.Client;
using PSDropbox.Transport;

namespace PSDropbox;

/// <summary>
/// Short-lived access tokens from a refresh token (dropbox-api-v2.md §5): refreshed before they expire (300 s early, or
/// half their lifetime when that is shorter), so a streamed upload never starts with a token about to lapse, and once
/// more when Dropbox answers 401 expired_access_token. With a stored profile, a refresh happens under the profile's
/// lock after re-reading it: when another process refreshed meanwhile, its token is used instead of refreshing again.
/// </summary>
internal sealed class OAuthTokenSource : ITokenSource
{
    private static readonly TimeSpan MaxEarly = TimeSpan.FromSeconds(300);
    private readonly AuthClient _auth;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile TokenState _state = new("", DateTimeOffset.MinValue, TimeSpan.Zero);

    public OAuthTokenSource(AuthClient auth, OAuthApp app, string? refreshToken)
    {
        _auth = auth;
        App = app;
        RefreshToken = refreshToken;
    }

    public OAuthApp App { get; }
    public string? RefreshToken { get; private set; }

    /// <summary>Where refreshed tokens are written back, when the connection came from or went into a CurrentUser profile.</summary>
    public ProfileTarget? Profile { get; set; }

    internal string AccessToken => _state.AccessToken;

    public void UseRefreshToken(string refreshToken) => RefreshToken = refreshToken;

    /// <summary>Takes tokens from a code exchange or refresh; a grant without a refresh token keeps the current one.</summary>
    public void Accept(TokenGrant grant)
    {
        var lifetime = grant.ExpiresIn ?? TimeSpan.Zero;
        _state = new TokenState(grant.AccessToken, grant.ExpiresIn is null ? DateTimeOffset.MaxValue : DateTimeOffset.UtcNow + lifetime, lifetime);
        if (grant.RefreshToken is not null) RefreshToken = grant.RefreshToken;
    }

    /// <summary>Takes the tokens a stored profile holds.</summary>
    public void Accept(StoredProfile stored)
    {
        _state = new TokenState(stored.AccessToken ?? "", DateTimeOffset.FromUnixTimeSeconds(stored.ExpiresAt), TimeSpan.FromSeconds(stored.LifetimeSeconds));
        RefreshToken = stored.RefreshToken;
    }

    /// <summary>Copies the current tokens into a profile about to be saved.</summary>
    public void CopyTo(StoredProfile profile)
    {
        var state = _state;
        profile.AccessToken = state.AccessToken;
        profile.ExpiresAt = state.ExpiresAt == DateTimeOffset.MaxValue ? long.MaxValue / 2 : state.ExpiresAt.ToUnixTimeSeconds();
        profile.LifetimeSeconds = (long)state.Lifetime.TotalSeconds;
        profile.RefreshToken = RefreshToken ?? "";
        profile.AppKey = App.AppKey;
        profile.AppSecret = App.AppSecret;
    }

    public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        var state = _state;
        if (!state.IsDue || RefreshToken is null) return state.AccessToken;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_state.IsDue) await RefreshLockedAsync(_state.AccessToken, cancellationToken).ConfigureAwait(false);
            return _state.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<bool> TryRefreshAsync(string rejectedToken, CancellationToken cancellationToken)
    {
        if (RefreshToken is null) return false;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_state.AccessToken != rejectedToken) return true; // another request refreshed already
            await RefreshLockedAsync(rejectedToken, cancellationToken).ConfigureAwait(false);
            return _state.AccessToken != rejectedToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RefreshLockedAsync(string staleToken, CancellationToken cancellationToken)
    {
        if (Profile is not { } profile)
        {
            Accept(await _auth.RefreshAsync(App, RefreshToken!, cancellationToken).ConfigureAwait(false));
            return;
        }
        using (await profile.Store.LockAsync(profile.Name, cancellationToken).ConfigureAwait(false))
        {
            var stored = profile.Store.Read(profile.Name);
            if (stored?.AccessToken is { Length: > 0 } storedToken && storedToken != staleToken && stored.RefreshToken == RefreshToken)
            {
                var candidate = new TokenState(storedToken, DateTimeOffset.FromUnixTimeSeconds(stored.ExpiresAt), TimeSpan.FromSeconds(stored.LifetimeSeconds));
                if (!candidate.IsDue)
                {
                    _state = candidate;
                    return;
                }
            }
            Accept(await _auth.RefreshAsync(App, RefreshToken!, cancellationToken).ConfigureAwait(false));
            // A profile removed meanwhile (Disconnect-Dropbox elsewhere) stays removed; one signed in again keeps its new tokens.
            if (stored is null || stored.RefreshToken != RefreshToken) return;
            CopyTo(stored);
            profile.Store.Write(stored);
        }
    }

    public override string ToString() => $"OAuthTokenSource({App.AppKey}, ***)";

    private sealed class TokenState
    {
        public TokenState(string accessToken, DateTimeOffset expiresAt, TimeSpan lifetime)
        {
            AccessToken = accessToken;
            ExpiresAt = expiresAt;
            Lifetime = lifetime;
        }

        public string AccessToken { get; }
        public DateTimeOffset ExpiresAt { get; }
        public TimeSpan Lifetime { get; }

        public bool IsDue
        {
            get
            {
                if (AccessToken.Length == 0) return true;
                if (ExpiresAt == DateTimeOffset.MaxValue) return false;
                var early = Lifetime > TimeSpan.Zero && Lifetime.Ticks / 2 < MaxEarly.Ticks ? TimeSpan.FromTicks(Lifetime.Ticks / 2) : MaxEarly;
                return DateTimeOffset.UtcNow >= ExpiresAt - early;
            }
        }
    }
}
