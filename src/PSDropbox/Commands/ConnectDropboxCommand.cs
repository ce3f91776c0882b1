using System.Management.Automation;
using PSDropbox.Provider;
using System.Security;
using PSDropbox.Client;
using PSDropbox.Completion;
using PSDropbox.SignIn;
using PSDropbox.Transport;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Connects to Dropbox (or a Dropbox-compatible endpoint such as the PSDropbox emulator).</para>
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "Dropbox", DefaultParameterSetName = AccessTokenSet)]
[OutputType(typeof(DropboxConnection))]
public sealed class ConnectDropboxCommand : AsyncCmdlet
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
    [ProfileNameCompletion]
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

    /// <summary>Seconds to wait for a connection (TCP, TLS, a proxy) before the attempt counts as failed. Default 60.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int ConnectionTimeoutSeconds { get; set; }

    /// <summary>
    /// Seconds without a byte sent or received, at any point of a request or of its answer, before the attempt counts as
    /// failed. Default 300. A longpoll may stay silent as long as it asked for.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int OperationTimeoutSeconds { get; set; }

    /// <summary>How many times a request is tried again after a transient failure. Default 7.</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public int MaximumRetryCount { get; set; }

    /// <summary>Seconds before the first retry (later ones wait twice as long each, at most 30 s), unless Dropbox names a wait. Default 1.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int RetryIntervalSec { get; set; }

    /// <summary>A proxy every request goes through, e.g. http://proxy.example.com:3128. Default: HTTPS_PROXY/HTTP_PROXY (NO_PROXY), else the system's proxy.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Proxy { get; set; }

    /// <summary>The user and password the proxy asks for (a 407 without them is PSDropbox.ProxyAuthenticationRequired).</summary>
    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>Signs in to the proxy as the current user (Windows integrated authentication).</summary>
    [Parameter]
    public SwitchParameter ProxyUseDefaultCredentials { get; set; }

    /// <summary>Connects directly, ignoring HTTPS_PROXY/HTTP_PROXY and the system's proxy.</summary>
    [Parameter]
    public SwitchParameter NoProxy { get; set; }

    /// <summary>Bytes per second for all the connection's transfers together, e.g. 5MB. Default: no limit.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long MaxTransferRate { get; set; }

    /// <summary>What paths are relative to: Home (the default), Root (the team space for a team member) or a namespace id.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [PathRootCompletion]
    public string? PathRoot { get; set; }

    /// <summary>With a team's token: the member (email address or team member id) the connection acts as (Dropbox-API-Select-User).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AsMember { get; set; }

    /// <summary>With a team's token: act with team admin access (Dropbox-API-Select-Admin), as -AsMember (an admin) or else as the team's admin.</summary>
    [Parameter]
    public SwitchParameter AsAdmin { get; set; }

    /// <summary>Writes the connection object to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        if (ParameterSetName == ProfileSet)
        {
            ConnectFromProfile();
            return;
        }
        var settings = ApplyParameters(new ConnectionSettings());
        if (ParameterSetName == AccessTokenSet)
        {
            var accessToken = SecureStringTransformationAttribute.Reveal(AccessToken);
            // The target is the endpoint, never the token.
            Connect(settings, (service, ct) => service.WithAccessTokenAsync(accessToken, ct), ApiEndpoint?.ToString() ?? "Dropbox");
            return;
        }
        var app = Checked(AppKey, () => new OAuthApp(AppKey, AppSecret is null ? null : SecureStringTransformationAttribute.Reveal(AppSecret)));
        var saveTo = SaveTarget();
        object target = saveTo?.Name ?? app.AppKey;
        switch (ParameterSetName)
        {
            case InteractiveSet:
                Connect(settings, (service, ct) => service.WithBrowserAsync(app, Port, TimeSpan.FromSeconds(TimeoutSec), OAuthScope, saveTo, ct), target);
                break;
            case PasteCodeSet:
                Connect(settings, (service, ct) => service.WithPastedCodeAsync(app, OAuthScope, saveTo, ct), target);
                break;
            default:
                var refreshToken = SecureStringTransformationAttribute.Reveal(RefreshToken);
                Connect(settings, (service, ct) => service.WithRefreshTokenAsync(app, refreshToken, saveTo, ct), target);
                break;
        }
    }

    private void ConnectFromProfile()
    {
        var store = Checked(Name, () => ProfileLocation.Store(this));
        var stored = Checked(Name, () => store.Read(Name) ?? throw new ProfileNotFoundException(Name, store.Directory));
        var settings = ApplyParameters(Checked(Name, () => ConnectionSettings.From(stored)));
        Connect(settings, (service, ct) => service.FromProfileAsync(store, Name, stored, ct), Name);
    }

    private void Connect(ConnectionSettings settings, Func<SignInService, CancellationToken, Task<DropboxConnection>> signIn, object target)
    {
        DropboxConnection? connection = null;
        Run(async (bridge, cancellationToken) =>
            connection = await signIn(new SignInService(settings, new HostSignInPrompt(this, bridge)), cancellationToken).ConfigureAwait(false), target);
        ConnectionRegistry.Connect(connection!);
        DropboxDrives.Mount(SessionState);
        WriteVerbose($"Connected as {connection}.");
        if (PassThru) WriteObject(connection);
    }

    /// <summary>
    /// Sets the connection settings given as parameters, on new settings or on those a stored profile was saved with
    /// (a parameter that is not given keeps the profile's value). A value that cannot be used stops the command with
    /// the parameter's value as the error's target.
    /// </summary>
    private ConnectionSettings ApplyParameters(ConnectionSettings settings)
    {
        if (ApiEndpoint is not null) settings.Endpoints = Checked(ApiEndpoint, () => DropboxEndpoints.SingleBase(ApiEndpoint));
        if (Given(nameof(ConnectionTimeoutSeconds))) settings.ConnectionTimeout = TimeSpan.FromSeconds(ConnectionTimeoutSeconds);
        if (Given(nameof(OperationTimeoutSeconds))) settings.OperationTimeout = TimeSpan.FromSeconds(OperationTimeoutSeconds);
        if (Given(nameof(MaximumRetryCount))) settings.MaximumRetryCount = MaximumRetryCount;
        if (Given(nameof(RetryIntervalSec))) settings.RetryInterval = TimeSpan.FromSeconds(RetryIntervalSec);
        if (Given(nameof(MaxTransferRate))) settings.MaxTransferRate = MaxTransferRate;
        if (Proxy is not null && NoProxy)
            Checked<object?>(Proxy, () => throw new ArgumentException("-Proxy and -NoProxy contradict each other: give one of them."));
        if (ProxyCredential is not null && ProxyUseDefaultCredentials)
            Checked<object?>(ProxyCredential.UserName, () => throw new ArgumentException("-ProxyCredential and -ProxyUseDefaultCredentials contradict each other: give one of them."));
        if (Proxy is not null)
        {
            settings.Proxy = Checked(Proxy, () => Proxy.IsAbsoluteUri && (Proxy.Scheme == Uri.UriSchemeHttp || Proxy.Scheme == Uri.UriSchemeHttps)
                ? Proxy
                : throw new ArgumentException($"'{Proxy}' is not a proxy address such as http://proxy.example.com:3128."));
            settings.NoProxy = false;
        }
        if (NoProxy)
        {
            settings.NoProxy = true;
            settings.Proxy = null;
        }
        if (ProxyCredential is not null)
        {
            settings.ProxyCredential = ProxyCredential.GetNetworkCredential();
            settings.ProxyUseDefaultCredentials = false;
        }
        if (ProxyUseDefaultCredentials)
        {
            settings.ProxyUseDefaultCredentials = true;
            settings.ProxyCredential = null;
        }
        if (PathRoot is not null) settings.PathRoot = Checked(PathRoot, () => Client.PathRoot.Normalize(PathRoot));
        if (AsMember is not null)
        {
            settings.Member = Checked(AsMember, () =>
            {
                TeamClient.CheckMemberName(AsMember);
                return AsMember.Trim();
            });
        }
        if (MyInvocation.BoundParameters.ContainsKey(nameof(AsAdmin))) settings.AsAdmin = AsAdmin;
        return settings;
    }

    private bool Given(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

    private ProfileTarget? SaveTarget()
    {
        if (Scope != ProfileScope.CurrentUser) return null;
        return Checked(Name, () =>
        {
            TokenStore.CheckName(Name);
            return new ProfileTarget(ProfileLocation.Store(this), Name);
        });
    }

    /// <summary>Runs a step on parameter values; its failure stops the command with an ErrorRecord about <paramref name="target"/>.</summary>
    private T Checked<T>(object target, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (e is ArgumentException || e is InvalidOperationException || e is UriFormatException || e is ProfileNotFoundException ||
                                  e is IOException || e is UnauthorizedAccessException)
        {
            ThrowTerminatingError(ErrorRecords.From(e, target));
            throw; // unreachable
        }
    }
}
