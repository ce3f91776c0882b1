using System.Management.Automation;
using System.Security;
using PSDropbox.Client;
using PSDropbox.SignIn;
using PSDropbox.Transport;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Connects to Dropbox (or a Dropbox-compatible endpoint such as the PSDropbox emulator).</para>
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "Dropbox", DefaultParameterSetName = AccessTokenSet)]
[OutputType(typeof(DropboxConnection))]
public sealed class ConnectDropboxCommand : DropboxCmdlet
{
    private const string AccessTokenSet = "AccessToken";
    private const string InteractiveSet = "Interactive";
    private const string PasteCodeSet = "PasteCode";
    private const string RefreshTokenSet = "RefreshToken";
    private const string ProfileSet = "Profile";

    /// <summary>An access token from the Dropbox App Console or an OAuth flow. A plain string is accepted too.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = AccessTokenSet,
        HelpMessage = "A Dropbox access token (SecureString or string).")]
    [SecureStringTransformation]
    [ValidateNotNull]
    public SecureString AccessToken { get; set; } = null!;

    /// <summary>The app key of your Dropbox app (App Console). Signs in with OAuth 2 + PKCE.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InteractiveSet, HelpMessage = "The app key from the Dropbox App Console.")]
    [Parameter(Mandatory = true, ParameterSetName = PasteCodeSet)]
    [Parameter(Mandatory = true, ParameterSetName = RefreshTokenSet)]
    [ValidateNotNullOrEmpty]
    public string AppKey { get; set; } = "";

    /// <summary>The app secret, for apps that use one; PKCE sign-in does not need it.</summary>
    [Parameter(ParameterSetName = InteractiveSet)]
    [Parameter(ParameterSetName = PasteCodeSet)]
    [Parameter(ParameterSetName = RefreshTokenSet)]
    [SecureStringTransformation]
    [ValidateNotNull]
    public SecureString? AppSecret { get; set; }

    /// <summary>A refresh token (for scheduled tasks): short-lived access tokens are obtained and renewed from it.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RefreshTokenSet, HelpMessage = "A Dropbox refresh token (SecureString or string).")]
    [SecureStringTransformation]
    [ValidateNotNull]
    public SecureString RefreshToken { get; set; } = null!;

    /// <summary>Signs in without a local listener: prints the address to open, then reads the code you paste (SSH, headless machines).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PasteCodeSet)]
    [Alias("NoBrowser")]
    public SwitchParameter UseCodeFlow { get; set; }

    /// <summary>The loopback port for the browser's redirect; http://127.0.0.1:PORT/ must be a redirect URI of the app.</summary>
    [Parameter(ParameterSetName = InteractiveSet)]
    [ValidateRange(1, 65535)]
    public int Port { get; set; } = 53682;

    /// <summary>How long to wait for the browser sign-in, in seconds.</summary>
    [Parameter(ParameterSetName = InteractiveSet)]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 300;

    /// <summary>OAuth scopes to request (e.g. files.content.read); by default all the app's scopes.</summary>
    [Parameter(ParameterSetName = InteractiveSet)]
    [Parameter(ParameterSetName = PasteCodeSet)]
    [ValidateNotNullOrEmpty]
    public string[]? OAuthScope { get; set; }

    /// <summary>The profile name: where -Scope CurrentUser stores the sign-in, or the stored profile to connect with.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ProfileSet)]
    [Parameter(ParameterSetName = InteractiveSet)]
    [Parameter(ParameterSetName = PasteCodeSet)]
    [Parameter(ParameterSetName = RefreshTokenSet)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "default";

    /// <summary>Process (default) keeps the sign-in in this session only; CurrentUser also stores it, owner-only, under -Name.</summary>
    [Parameter(ParameterSetName = InteractiveSet)]
    [Parameter(ParameterSetName = PasteCodeSet)]
    [Parameter(ParameterSetName = RefreshTokenSet)]
    public ProfileScope Scope { get; set; } = ProfileScope.Process;

    /// <summary>
    /// One base URL that replaces every Dropbox host (api, content, notify, oauth2), e.g. http://127.0.0.1:8080
    /// for the emulator. http is only accepted for loopback addresses.
    /// </summary>
    [Parameter(ParameterSetName = AccessTokenSet, HelpMessage = "Base URL replacing every Dropbox host, e.g. the emulator's http://127.0.0.1:PORT.")]
    [Parameter(ParameterSetName = InteractiveSet)]
    [Parameter(ParameterSetName = PasteCodeSet)]
    [Parameter(ParameterSetName = RefreshTokenSet)]
    [ValidateNotNullOrEmpty]
    public Uri? ApiEndpoint { get; set; }

    /// <summary>Writes the connection object to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        switch (ParameterSetName)
        {
            case InteractiveSet:
                ConnectWithBrowser();
                break;
            case PasteCodeSet:
                ConnectWithPastedCode();
                break;
            case RefreshTokenSet:
                var refreshToken = SecureStringTransformationAttribute.Reveal(RefreshToken);
                ConnectOAuth(Endpoints(ApiEndpoint), App(), async (auth, tokens, ct) =>
                {
                    tokens.UseRefreshToken(refreshToken);
                    tokens.Accept(await auth.RefreshAsync(tokens.App, refreshToken, ct).ConfigureAwait(false));
                }, "RefreshToken", SaveTarget());
                break;
            case ProfileSet:
                ConnectFromProfile();
                break;
            default:
                var tokens = AccessTokenSource();
                var endpoints = Endpoints(ApiEndpoint);
                DropboxConnection? connection = null;
                Run(async (_, cancellationToken) =>
                    connection = await DropboxConnection.OpenAsync(endpoints, tokens, "AccessToken", cancellationToken).ConfigureAwait(false),
                    ApiEndpoint?.ToString() ?? "Dropbox");
                Register(connection!);
                break;
        }
    }

    private StaticTokenSource AccessTokenSource()
    {
        try
        {
            return new StaticTokenSource(SecureStringTransformationAttribute.Reveal(AccessToken));
        }
        catch (ArgumentException e)
        {
            // No target object: it would be the token.
            ThrowTerminatingError(ErrorRecords.From(e, null));
            throw; // unreachable
        }
    }

    private void ConnectWithBrowser()
    {
        if (HostInteraction.WhyNotInteractive(Host) is { } why)
            ThrowTerminatingError(HostInteraction.NonInteractiveRecord(why, "sign in with a browser"));
        var endpoints = Endpoints(ApiEndpoint);
        var app = App();
        var pkce = Pkce.Create();
        var state = Pkce.RandomState();
        LoopbackReceiver? receiver = null;
        try
        {
            receiver = LoopbackReceiver.Start(Port);
        }
        catch (SignInException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, Port));
        }
        using (receiver)
        {
            var url = AuthorizeUri.Build(endpoints, app.AppKey, pkce.Challenge, receiver!.RedirectUri, state, OAuthScope);
            Host.UI.WriteLine("Sign in to Dropbox in your browser. If no browser opens, open this address yourself:");
            Host.UI.WriteLine(url.AbsoluteUri);
            if (SystemBrowser.TryOpen(url) is { } browser) WriteVerbose($"Opened the sign-in page with {browser}; waiting up to {TimeoutSec} s on {receiver.RedirectUri}.");
            else WriteWarning("No browser could be started: open the address above in a browser on this computer.");

            ConnectOAuth(endpoints, app, async (auth, tokens, ct) =>
            {
                string code;
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    timeout.CancelAfter(TimeSpan.FromSeconds(TimeoutSec));
                    try
                    {
                        code = await receiver.WaitForCodeAsync(state, timeout.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        throw new SignInException(SignInFailure.TimedOut,
                            $"No sign-in arrived from the browser within {TimeoutSec} s. Run Connect-Dropbox again (-TimeoutSec sets the wait).");
                    }
                }
                tokens.Accept(await auth.ExchangeCodeAsync(app, code, pkce.Verifier, receiver.RedirectUri, ct).ConfigureAwait(false));
            }, "Interactive", SaveTarget());
        }
    }

    private void ConnectWithPastedCode()
    {
        if (HostInteraction.WhyNotInteractive(Host) is { } why)
            ThrowTerminatingError(HostInteraction.NonInteractiveRecord(why, "read a pasted sign-in code"));
        var endpoints = Endpoints(ApiEndpoint);
        var app = App();
        var pkce = Pkce.Create();
        var url = AuthorizeUri.Build(endpoints, app.AppKey, pkce.Challenge, null, null, OAuthScope);
        Host.UI.WriteLine("1. Open this address in a browser (on any device):");
        Host.UI.WriteLine(url.AbsoluteUri);
        Host.UI.WriteLine("2. Click Allow (you may have to sign in to Dropbox first).");
        Host.UI.WriteLine("3. Copy the access code and paste it here.");
        Host.UI.Write("Access code: ");
        var code = HostInteraction.ReadLine(Host.UI, out var failure)?.Trim();
        if (failure is not null)
            ThrowTerminatingError(HostInteraction.NonInteractiveRecord($"the PowerShell host cannot read input ({failure.Message})", "read a pasted sign-in code", failure));
        if (string.IsNullOrEmpty(code))
            ThrowTerminatingError(ErrorRecords.From(new SignInException(SignInFailure.NoCode, "No access code was entered, so nothing was signed in."), null));

        ConnectOAuth(endpoints, app, async (auth, tokens, ct) =>
            tokens.Accept(await auth.ExchangeCodeAsync(app, code!, pkce.Verifier, null, ct).ConfigureAwait(false)), "PasteCode", SaveTarget());
    }

    private void ConnectFromProfile()
    {
        var store = ProfileLocation.Store(this);
        StoredProfile? stored = null;
        try
        {
            stored = store.Read(Name) ?? throw new ProfileNotFoundException(Name, store.Directory);
        }
        catch (Exception e) when (e is ProfileNotFoundException || e is ArgumentException || e is IOException || e is UnauthorizedAccessException)
        {
            ThrowTerminatingError(ErrorRecords.From(e, Name));
        }
        DropboxConnection? connection = null;
        Run(async (_, cancellationToken) =>
            connection = await DropboxConnection.OpenProfileAsync(store, Name, stored!, cancellationToken).ConfigureAwait(false), Name);
        Register(connection!);
    }

    private void ConnectOAuth(DropboxEndpoints endpoints, OAuthApp app, Func<AuthClient, OAuthTokenSource, CancellationToken, Task> signIn, string how,
        (TokenStore, string)? saveTo)
    {
        DropboxConnection? connection = null;
        Run(async (_, cancellationToken) =>
            connection = await DropboxConnection.OpenOAuthAsync(endpoints, app, signIn, saveTo, how, cancellationToken).ConfigureAwait(false),
            saveTo?.Item2 ?? app.AppKey);
        Register(connection!);
    }

    private void Register(DropboxConnection connection)
    {
        ConnectionRegistry.Replace(connection)?.Dispose();
        WriteVerbose($"Connected as {connection}.");
        if (PassThru) WriteObject(connection);
    }

    private OAuthApp App() => new(AppKey, AppSecret is null ? null : SecureStringTransformationAttribute.Reveal(AppSecret));

    private (TokenStore, string)? SaveTarget()
    {
        if (Scope != ProfileScope.CurrentUser) return null;
        try
        {
            TokenStore.CheckName(Name);
            return (ProfileLocation.Store(this), Name);
        }
        catch (Exception e) when (e is ArgumentException || e is InvalidOperationException)
        {
            ThrowTerminatingError(ErrorRecords.From(e, Name));
            throw; // unreachable
        }
    }

    private DropboxEndpoints Endpoints(Uri? apiEndpoint)
    {
        if (apiEndpoint is null) return DropboxEndpoints.Dropbox;
        try
        {
            return DropboxEndpoints.SingleBase(apiEndpoint);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, apiEndpoint));
            throw; // unreachable
        }
    }
}
