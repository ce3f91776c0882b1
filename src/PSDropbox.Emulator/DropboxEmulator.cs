using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PSDropbox.Emulator.Admin;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.OAuth;
using PSDropbox.Emulator.Faults;
using PSDropbox.Emulator.Routes;
using PSDropbox.Emulator.Store;

namespace PSDropbox.Emulator;

/// <summary>
/// A Dropbox API v2 compatible server on 127.0.0.1. All hosts (api, content, notify) collapse onto <see cref="BaseUrl"/>:
/// routes are POST {BaseUrl}2/{namespace}/{route}; the admin API is under {BaseUrl}_emulator/.
/// </summary>
public sealed class DropboxEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private DropboxEmulator(WebApplication app, EmulatorStore store, RequestLog log, FaultInjector faults, Uri baseUrl)
    {
        _app = app;
        Faults = faults;
        Store = store;
        RequestLog = log;
        BaseUrl = baseUrl;
    }

    /// <summary>http://127.0.0.1:PORT/ — note: ToString() ends with "/" (Uri normalizes an empty path to "/").</summary>
    public Uri BaseUrl { get; }

    /// <summary>The faults injected into API routes; change them at any time (also POST /_emulator/faults).</summary>
    public FaultInjector Faults { get; }

    internal EmulatorStore Store { get; }
    internal RequestLog RequestLog { get; }

    /// <summary>Starts the server (and seeds <see cref="EmulatorOptions.SeedDirectory"/> first, if set).</summary>
    public static async Task<DropboxEmulator> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.DataDirectory);
        var faults = new FaultInjector(FaultSpec.Parse(options.Faults), options.FaultSeed);
        var store = EmulatorStore.Open(options.DataDirectory);
        WebApplication? app = null;
        try
        {
            store.Changes = ChangeSettings.From(options);
            var account = store.EnsureDefaultAccount();
            if (!string.IsNullOrEmpty(options.AccessToken))
            {
                store.PutToken(options.AccessToken, account.AccountId, "long_lived");
            }
            store.AddAccounts(options.Accounts);
            store.TemporaryLinkLifetime = options.TemporaryLinkLifetime;
            store.DownloadZipMaxBytes = options.DownloadZipMaxBytes;
            store.DownloadZipMaxEntries = options.DownloadZipMaxEntries;
            if (!string.IsNullOrEmpty(options.SeedDirectory))
            {
                await store.SeedAsync(account, options.SeedDirectory, "", cancellationToken).ConfigureAwait(false);
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
            builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.AddServerHeader = false;
                k.Limits.MaxRequestBodySize = null; // routes enforce Dropbox's limits (150 MiB per upload request)
                k.RequestHeaderEncodingSelector = _ => System.Text.Encoding.UTF8; // tolerate raw UTF-8 in Dropbox-API-Arg
                k.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.UTF8;
            });
            app = builder.Build();

            var log = new RequestLog();
            var routes = new RouteTable();
            FilesRoutes.Register(routes);
            UsersRoutes.Register(routes);
            ChangesRoutes.Register(routes);
            UploadRoutes.Register(routes);
            DownloadRoutes.Register(routes);
            DownloadZipRoutes.Register(routes);
            UploadSessionRoutes.Register(routes);
            RelocationRoutes.Register(routes);
            DeleteBatchRoutes.Register(routes);
            RevisionRoutes.Register(routes);
            SearchRoutes.Register(routes);
            TemporaryLinkRoutes.Register(routes);
            CopyReferenceRoutes.Register(routes);
            SharingRoutes.Register(routes);
            ThumbnailRoutes.Register(routes);
            AuthRoutes.Register(routes);
            options.ExtraRoutes?.Invoke(routes);

            app.Use((http, next) =>
            {
                http.Response.Headers["X-Dropbox-Request-Id"] = Http.NewRequestId();
                return next(http);
            });
            app.Use((http, next) => faults.InvokeAsync(http, () => next(http), store, log));
            ApiEndpoint.Map(app, routes, store, log);
            AdminEndpoints.Map(app, store, log);
            TransferAdminEndpoints.Map(app, store);
            ChangesAdmin.Map(app, store);
            GenerateEndpoint.Map(app, store);
            LinkServing.Map(app, store);
            AccountAndClockEndpoints.Map(app, store);
            var oauth = new OAuthServer(options);
            OAuthEndpoints.Map(app, oauth, store, log);
            OAuthAdminEndpoints.Map(app, oauth, store);
            FaultAdminEndpoints.Map(app, faults);

            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var bound = new Uri(address);
            return new DropboxEmulator(app, store, log, faults, new Uri($"http://127.0.0.1:{bound.Port}/"));
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }
            store.Dispose();
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
            Store.Dispose();
        }
    }

    /// <summary>In-process hosts must not hook Ctrl+C / SIGTERM of the test runner.</summary>
    private sealed class InProcessLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
