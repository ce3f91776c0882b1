using PSDropbox.Client;
using PSDropbox.Transport;

namespace PSDropbox.SignIn;

/// <summary>
/// Every way to sign in, each ending in an open connection whose token was checked with users/get_current_account:
/// an access token, a browser (OAuth 2 code flow + PKCE, loopback redirect), a pasted code, a refresh token, or a
/// stored profile. OAuth sign-ins may be stored in a CurrentUser profile. The person, when one is needed, is reached
/// through <see cref="ISignInPrompt"/>; Connect-Dropbox only turns parameters into these calls.
/// </summary>
internal sealed class SignInService
{
    private readonly ConnectionSettings _settings;
    private readonly ISignInPrompt? _prompt;

    public SignInService(ConnectionSettings settings, ISignInPrompt? prompt = null)
    {
        _settings = settings;
        _prompt = prompt;
    }

    /// <summary>A token from the App Console or another tool: used as it is, never refreshed, never revoked by the module.</summary>
    public Task<DropboxConnection> WithAccessTokenAsync(string accessToken, CancellationToken cancellationToken)
    {
        var tokens = new StaticTokenSource(accessToken);
        var client = new DropboxClient(_settings.CreateTransport(_ => tokens));
        return DisposeOnFailureAsync(client, async () =>
            new DropboxConnection(await ConnectionIdentity.FindAsync(client, _settings, cancellationToken).ConfigureAwait(false), _settings.Clone(), "AccessToken", null));
    }

    public Task<DropboxConnection> WithRefreshTokenAsync(OAuthApp app, string refreshToken, ProfileTarget? saveTo, CancellationToken cancellationToken) =>
        OpenOAuthAsync(app, async (auth, tokens, ct) =>
        {
            tokens.UseRefreshToken(refreshToken);
            tokens.Accept(await auth.RefreshAsync(app, refreshToken, ct).ConfigureAwait(false));
        }, "RefreshToken", saveTo, cancellationToken);

    /// <summary>Opens the authorize page in a browser and receives the code on http://127.0.0.1:<paramref name="port"/>/.</summary>
    public async Task<DropboxConnection> WithBrowserAsync(OAuthApp app, int port, TimeSpan timeout, IReadOnlyList<string>? scopes, ProfileTarget? saveTo,
        CancellationToken cancellationToken)
    {
        var prompt = Interactive("sign in with a browser");
        var pkce = Pkce.Create();
        var state = Pkce.RandomState();
        using var receiver = LoopbackReceiver.Start(port);
        var url = AuthorizeUri.Build(_settings.Endpoints, app.AppKey, pkce.Challenge, receiver.RedirectUri, state, scopes);
        await prompt.WriteLineAsync("Sign in to Dropbox in your browser. If no browser opens, open this address yourself:").ConfigureAwait(false);
        await prompt.WriteLineAsync(url.AbsoluteUri).ConfigureAwait(false);
        if (SystemBrowser.TryOpen(url) is { } browser)
            prompt.WriteVerbose($"Opened the sign-in page with {browser}; waiting up to {timeout.TotalSeconds:0} s on {receiver.RedirectUri}.");
        else
            prompt.WriteWarning("No browser could be started: open the address above in a browser on this computer.");

        return await OpenOAuthAsync(app, async (auth, tokens, ct) =>
        {
            string code;
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                wait.CancelAfter(timeout);
                try
                {
                    code = await receiver.WaitForCodeAsync(state, wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new SignInException(SignInFailure.TimedOut,
                        $"No sign-in arrived from the browser within {timeout.TotalSeconds:0} s. Run Connect-Dropbox again (-TimeoutSec sets the wait).");
                }
            }
            tokens.Accept(await auth.ExchangeCodeAsync(app, code, pkce.Verifier, receiver.RedirectUri, ct).ConfigureAwait(false));
        }, "Interactive", saveTo, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Shows the authorize address (to open on any device) and reads the code the page shows (SSH, headless machines).</summary>
    public async Task<DropboxConnection> WithPastedCodeAsync(OAuthApp app, IReadOnlyList<string>? scopes, ProfileTarget? saveTo,
        CancellationToken cancellationToken)
    {
        var prompt = Interactive("read a pasted sign-in code");
        var pkce = Pkce.Create();
        var url = AuthorizeUri.Build(_settings.Endpoints, app.AppKey, pkce.Challenge, null, null, scopes);
        await prompt.WriteLineAsync("1. Open this address in a browser (on any device):").ConfigureAwait(false);
        await prompt.WriteLineAsync(url.AbsoluteUri).ConfigureAwait(false);
        await prompt.WriteLineAsync("2. Click Allow (you may have to sign in to Dropbox first).").ConfigureAwait(false);
        await prompt.WriteLineAsync("3. Copy the access code and paste it here.").ConfigureAwait(false);
        var code = (await prompt.ReadLineAsync("Access code: ").ConfigureAwait(false))?.Trim();
        if (string.IsNullOrEmpty(code))
            throw new SignInException(SignInFailure.NoCode, "No access code was entered, so nothing was signed in.");

        return await OpenOAuthAsync(app, async (auth, tokens, ct) =>
            tokens.Accept(await auth.ExchangeCodeAsync(app, code!, pkce.Verifier, null, ct).ConfigureAwait(false)), "PasteCode", saveTo, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Opens a connection from a CurrentUser profile read from <paramref name="store"/>; refreshed tokens are written back to it.</summary>
    public async Task<DropboxConnection> FromProfileAsync(TokenStore store, string name, StoredProfile stored, CancellationToken cancellationToken)
    {
        var connection = await OpenOAuthAsync(new OAuthApp(stored.AppKey, stored.AppSecret), (_, tokens, _) =>
        {
            tokens.Accept(stored);
            tokens.Profile = new ProfileTarget(store, name);
            return Task.CompletedTask;
        }, "Profile", null, cancellationToken).ConfigureAwait(false);
        connection.CryptFolders.Load(stored.CryptFolders);
        return connection;
    }

    private ISignInPrompt Interactive(string flow)
    {
        if (_prompt is null) throw SignInException.NonInteractive("nobody can answer here", flow);
        if (_prompt.WhyNotInteractive is { } why) throw SignInException.NonInteractive(why, flow);
        return _prompt;
    }

    /// <summary>
    /// A connection whose tokens come from OAuth: <paramref name="signIn"/> obtains them (code exchange, refresh, or a
    /// stored profile) through the connection's own transport; with <paramref name="saveTo"/> the sign-in is then stored.
    /// </summary>
    private Task<DropboxConnection> OpenOAuthAsync(OAuthApp app, Func<AuthClient, OAuthTokenSource, CancellationToken, Task> signIn,
        string authenticationType, ProfileTarget? saveTo, CancellationToken cancellationToken)
    {
        OAuthTokenSource? tokens = null;
        var client = new DropboxClient(_settings.CreateTransport(transport => tokens = new OAuthTokenSource(new AuthClient(new ApiCaller(transport)), app, null)));
        return DisposeOnFailureAsync(client, async () =>
        {
            await signIn(client.Auth, tokens!, cancellationToken).ConfigureAwait(false);
            var identity = await ConnectionIdentity.FindAsync(client, _settings, cancellationToken).ConfigureAwait(false);
            if (saveTo is not null) await SaveAsync(saveTo, tokens!, identity, cancellationToken).ConfigureAwait(false);
            return new DropboxConnection(identity, _settings.Clone(), authenticationType, tokens);
        });
    }

    private static async Task<DropboxConnection> DisposeOnFailureAsync(DropboxClient client, Func<Task<DropboxConnection>> open)
    {
        try
        {
            return await open().ConfigureAwait(false);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task SaveAsync(ProfileTarget target, OAuthTokenSource tokens, ConnectionIdentity identity, CancellationToken cancellationToken)
    {
        var profile = new StoredProfile
        {
            Name = target.Name,
            AccountId = identity.Account?.AccountId ?? identity.Team!.TeamId,
            DisplayName = identity.Account?.DisplayName ?? identity.Team!.Name,
            Email = identity.Account?.Email,
        };
        _settings.SaveTo(profile);
        tokens.CopyTo(profile);
        using (await target.Store.LockAsync(target.Name, cancellationToken).ConfigureAwait(false))
        {
            // Signing the same account in again keeps its encrypted folders; a damaged profile is simply replaced.
            StoredProfile? previous = null;
            try { previous = target.Store.Read(target.Name); }
            catch (ProfileUnreadableException) { }
            if (previous is not null && previous.AccountId == profile.AccountId) profile.CryptFolders = previous.CryptFolders;
            target.Store.Write(profile);
        }
        tokens.Profile = target;
    }
}
