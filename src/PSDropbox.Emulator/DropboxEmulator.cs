using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PSDropbox.Emulator.Admin;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.OAuth;
using PSDropbox.Emulator.Faults;
using PSDropbox.Emulator.Routes;
using PSDropbox.Emulator.Stores;
using PSDropbox.Emulator.TlsProxy;

namespace PSDropbox.Emulator;

/// <summary>
/// A Dropbox API v2 compatible server on 127.0.0.1. All hosts (api, content, notify) collapse onto <see cref="BaseUrl"/>:
/// routes are POST {BaseUrl}2/{namespace}/{route}; the admin API is under {BaseUrl}_emulator/.
/// </summary>
public sealed class DropboxEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private DropboxEmulator(WebApplication app, EmulatorStores stores, RequestLog log, FaultInjector faults, Uri baseUrl, IReadOnlyCollection<string> routeNames)
    {
        RouteNames = routeNames;
        _app = app;
        Faults = faults;
        Stores = stores;
        RequestLog = log;
        BaseUrl = baseUrl;
    }

    /// <summary>http://127.0.0.1:PORT/ — note: ToString() ends with "/" (Uri normalizes an empty path to "/").</summary>
    public Uri BaseUrl { get; }

    /// <summary>Every API route this emulator serves, e.g. "files/list_folder" (POST {BaseUrl}2/{route}).</summary>
    public IReadOnlyCollection<string> RouteNames { get; }

    /// <summary>The faults injected into API routes; change them at any time (also POST /_emulator/faults).</summary>
    public FaultInjector Faults { get; }

    /// <summary>With <see cref="EmulatorOptions.TlsProxyPort"/>: http://127.0.0.1:PORT, the CONNECT proxy for Dropbox's hostnames (HTTPS_PROXY; ToString() ends with "/").</summary>
    public Uri? TlsProxyUrl => Proxy?.Url;

    /// <summary>With <see cref="EmulatorOptions.TlsProxyPort"/>: absolute path of the CA certificate (PEM) the proxy's certificates chain to.</summary>
    public string? TlsCaCertificatePath => Proxy?.CaCertificatePath;

    private TlsProxyListener? Proxy { get; init; }

    internal EmulatorStores Stores { get; }
    internal RequestLog RequestLog { get; }

    /// <summary>Starts the server (and seeds <see cref="EmulatorOptions.SeedDirectory"/> first, if set).</summary>
    public static async Task<DropboxEmulator> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.DataDirectory);
        var faults = new FaultInjector(FaultSpec.Parse(options.Faults), options.FaultSeed);
        faults.SetLatency(options.Latency, options.LatencyJitter);
        var stores = EmulatorStores.Open(options.DataDirectory);
        WebApplication? app = null;
        TlsProxyListener? tlsProxy = null;
        try
        {
            stores.Database.Changes = ChangeSettings.From(options);
            stores.Transfers.TemporaryLinkLifetime = options.TemporaryLinkLifetime;
            stores.Transfers.DownloadZipMaxBytes = options.DownloadZipMaxBytes;
            stores.Transfers.DownloadZipMaxEntries = options.DownloadZipMaxEntries;
            var account = stores.Accounts.EnsureDefault();
            if (!string.IsNullOrEmpty(options.AccessToken))
            {
                stores.Tokens.Put(options.AccessToken, account.AccountId, "long_lived");
            }
            await stores.AddAccountsAsync(options.Accounts, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(options.TeamName))
            {
                await stores.SetUpTeamAsync(options.TeamName, options.TeamToken, options.TeamFolders, cancellationToken).ConfigureAwait(false);
                account = stores.Accounts.Get(account.AccountId)!;
            }
            if (!string.IsNullOrEmpty(options.SeedDirectory))
            {
                await stores.Seeder.SeedAsync(account, options.SeedDirectory, "", cancellationToken).ConfigureAwait(false);
            }

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
            builder.Logging.ClearProviders();
            if (options.UseConsoleLifetime)
            {
                builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
            }
            else
            {
                builder.Services.AddSingleton<IHostLifetime, InProcessLifetime>();
            }
            tlsProxy = options.TlsProxyPort is int tlsPort ? TlsProxyListener.Create(options.DataDirectory, tlsPort) : null;
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.Listen(System.Net.IPAddress.Loopback, options.Port);
                tlsProxy?.Listen(k);
                k.AddServerHeader = false;
                k.Limits.MaxRequestBodySize = null; // routes enforce Dropbox's limits (150 MiB per upload request)
                k.RequestHeaderEncodingSelector = _ => System.Text.Encoding.UTF8; // tolerate raw UTF-8 in Dropbox-API-Arg
                k.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.UTF8;
            });
            app = builder.Build();

            var log = new RequestLog();
            var routes = new RouteTable();
            FilesRoutes.Register(routes);
            CreateFolderBatchRoutes.Register(routes);
            UsersRoutes.Register(routes);
            ChangesRoutes.Register(routes);
            UploadRoutes.Register(routes);
            DownloadRoutes.Register(routes);
            DownloadZipRoutes.Register(routes);
            ExportRoutes.Register(routes);
            UploadSessionRoutes.Register(routes);
            RelocationRoutes.Register(routes);
            DeleteBatchRoutes.Register(routes);
            RevisionRoutes.Register(routes);
            SearchRoutes.Register(routes);
            TemporaryLinkRoutes.Register(routes);
            CopyReferenceRoutes.Register(routes);
            SharingRoutes.Register(routes);
            SharedLinkAccessRoutes.Register(routes);
            ThumbnailRoutes.Register(routes);
            AuthRoutes.Register(routes);
            TeamRoutes.Register(routes);
            options.ExtraRoutes?.Invoke(routes);

            app.Use((http, next) =>
            {
                http.Response.Headers["X-Dropbox-Request-Id"] = Http.NewRequestId();
                return next(http);
            });
            app.Use((http, next) => faults.InvokeAsync(http, () => next(http), stores.Tokens, log));
            ApiEndpoint.Map(app, routes, stores, log);
            LinkServing.Map(app, stores);
            var oauth = new OAuthServer(options);
            OAuthEndpoints.Map(app, oauth, stores, log);
            AdminEndpoints.Map(app, stores, log);
            TransferAdminEndpoints.Map(app, stores);
            ChangesAdmin.Map(app, stores.Changes);
            GenerateEndpoint.Map(app, stores);
            ExportAdminEndpoints.Map(app, stores);
            SharingAdminEndpoints.Map(app, stores);
            AccountAndClockEndpoints.Map(app, stores);
            OAuthAdminEndpoints.Map(app, oauth, stores.Tokens);
            FaultAdminEndpoints.Map(app, faults);

            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal));
            var bound = new Uri(address);
            return new DropboxEmulator(app, stores, log, faults, new Uri($"http://127.0.0.1:{bound.Port}/"), [.. routes.Names]) { Proxy = tlsProxy };
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }
            stores.Dispose();
            tlsProxy?.Dispose();
            throw;
        }
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C / SIGTERM with the console lifetime).</summary>
    internal Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the server and closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            Stores.Dispose();
            Proxy?.Dispose();
        }
    }

    /// <summary>In-process hosts must not hook Ctrl+C / SIGTERM of the test runner.</summary>
    private sealed class InProcessLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
