using System.CommandLine;
using PSDropbox.Emulator;

var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (0 = pick a free port)", DefaultValueFactory = _ => 0 };
// --data and --seed are relative to the current directory; `dotnet run` keeps the caller's (RunWorkingDirectory in the csproj).
var data = new Option<string>("--data") { Description = "Data directory (state survives restarts)", Required = true };
var token = new Option<string?>("--access-token") { Description = "Long-lived access token accepted for the default account" };
var seed = new Option<string?>("--seed") { Description = "Local folder merged into the default account's root at start" };
seed.Validators.Add(result =>
{
    if (result.GetValueOrDefault<string?>() is { Length: > 0 } folder && !Directory.Exists(folder))
    {
        result.AddError($"Seed folder not found: {Path.GetFullPath(folder)}");
    }
});
var accounts = new Option<string[]>("--account")
{
    Description = "Extra account NAME:TOKEN with its own namespace and a long-lived token (repeatable)",
};
accounts.Validators.Add(result =>
{
    foreach (var t in result.Tokens)
    {
        try { EmulatorAccount.Parse(t.Value); }
        catch (FormatException e) { result.AddError(e.Message); }
    }
});
var linkLifetime = new Option<int>("--temporary-link-lifetime")
{
    Description = "Seconds a files/get_temporary_link link works (default 14400 = 4 hours)", DefaultValueFactory = _ => 14400,
};
var appKey = new Option<string?>("--app-key") { Description = "Register an OAuth app with this key (for /oauth2/authorize and /oauth2/token)" };
var appSecret = new Option<string?>("--app-secret") { Description = "The app's secret (omit for a PKCE-only app)" };
var redirectUris = new Option<string[]>("--redirect-uri") { Description = "A redirect URI of the app, matched exactly (repeatable)", AllowMultipleArgumentsPerToken = false };
var tokenLifetime = new Option<int>("--token-lifetime") { Description = "Lifetime of issued access tokens in seconds", DefaultValueFactory = _ => 14400 };

var longpollTimeout = new Option<double?>("--longpoll-timeout") { Description = "Seconds every longpoll waits, replacing the 30-480 s clients ask for (tests)" };
var longpollJitter = new Option<double>("--longpoll-jitter") { Description = "Most seconds of random extra longpoll wait (Dropbox: 90)", DefaultValueFactory = _ => 90 };
var longpollBackoff = new Option<long?>("--longpoll-backoff") { Description = "Seconds longpoll answers tell clients to back off" };
var journalRows = new Option<long?>("--journal-keep-rows") { Description = "Change-journal rows kept; older cursors get reset" };
var journalSeconds = new Option<double?>("--journal-keep-seconds") { Description = "Seconds change-journal rows are kept; older cursors get reset" };
var faults = new Option<string?>("--faults") { Description = "Faults to inject, e.g. 429=0.1,429text=0.05,retryafter=0.5,503=0.05,cut=0.05,slow=0.02,expire=60" };
var faultSeed = new Option<int?>("--fault-seed") { Description = "Seed that makes fault injection reproducible" };
var latency = new Option<int>("--latency") { Description = "Milliseconds every request waits before it is handled (a round trip)", DefaultValueFactory = _ => 0 };
var latencyJitter = new Option<int>("--latency-jitter") { Description = "Up to this many more milliseconds per request, at random", DefaultValueFactory = _ => 0 };
var zipMaxBytes = new Option<long>("--download-zip-max-bytes")
{
    Description = "files/download_zip refuses (too_large) folders holding more bytes (default: Dropbox's 20 GB)", DefaultValueFactory = _ => EmulatorOptions.DropboxZipMaxBytes,
};
var zipMaxEntries = new Option<long>("--download-zip-max-entries")
{
    Description = "files/download_zip refuses (too_many_files) zips of more entries, the folder included (default: Dropbox's 9999)", DefaultValueFactory = _ => EmulatorOptions.DropboxZipMaxEntries,
};
var tlsProxyPort = new Option<int?>("--tls-proxy-port")
{
    Description = "Also run an HTTP CONNECT proxy on this 127.0.0.1 port (0 = a free port) that serves Dropbox's hostnames over TLS, for the Python SDK, rclone...",
};
var exitOnStdinClose = new Option<bool>("--exit-on-stdin-close")
{
    Description = "Stop when standard input closes, so the process that started the emulator owns its lifetime (Start-DropboxEmulator)",
};
var team = new Option<string?>("--team")
{
    Description = "Team mode: the default account (the team admin) and every --account become members of team NAME, whose team space holds their home folders and the team folders",
};
var teamToken = new Option<string?>("--team-token") { Description = "A long-lived team-scoped token (team/* routes; Dropbox-API-Select-User/-Select-Admin to act as a member); needs --team" };
var teamFolders = new Option<string[]>("--team-folder") { Description = "A team folder at the top of the team space (repeatable); needs --team", AllowMultipleArgumentsPerToken = false };

var root = new RootCommand("PSDropbox emulator: a Dropbox API v2 compatible server on 127.0.0.1")
{
    port, data, token, seed, longpollTimeout, longpollJitter, longpollBackoff, journalRows, journalSeconds, accounts, linkLifetime,
    appKey, appSecret, redirectUris, tokenLifetime, faults, faultSeed, latency, latencyJitter, zipMaxBytes, zipMaxEntries, tlsProxyPort, exitOnStdinClose,
    team, teamToken, teamFolders,
};
root.Validators.Add(result =>
{
    if (result.GetValue(team) is null && (result.GetValue(teamToken) is not null || result.GetValue(teamFolders) is { Length: > 0 }))
    {
        result.AddError("--team-token and --team-folder need --team NAME.");
    }
});
root.SetAction(async (parse, ct) =>
{
    var options = new EmulatorOptions
    {
        Port = parse.GetValue(port),
        DataDirectory = parse.GetValue(data)!,
        AccessToken = parse.GetValue(token),
        SeedDirectory = parse.GetValue(seed),
        LongpollTimeout = parse.GetValue(longpollTimeout) is double lt ? TimeSpan.FromSeconds(lt) : null,
        LongpollJitter = TimeSpan.FromSeconds(parse.GetValue(longpollJitter)),
        LongpollBackoff = parse.GetValue(longpollBackoff),
        JournalKeepRows = parse.GetValue(journalRows),
        JournalKeepAge = parse.GetValue(journalSeconds) is double js ? TimeSpan.FromSeconds(js) : null,
        Accounts = [.. (parse.GetValue(accounts) ?? []).Select(EmulatorAccount.Parse)],
        TemporaryLinkLifetime = TimeSpan.FromSeconds(parse.GetValue(linkLifetime)),
        TokenLifetimeSeconds = parse.GetValue(tokenLifetime),
        Faults = parse.GetValue(faults),
        FaultSeed = parse.GetValue(faultSeed),
        Latency = TimeSpan.FromMilliseconds(parse.GetValue(latency)),
        LatencyJitter = TimeSpan.FromMilliseconds(parse.GetValue(latencyJitter)),
        DownloadZipMaxBytes = parse.GetValue(zipMaxBytes),
        DownloadZipMaxEntries = parse.GetValue(zipMaxEntries),
        TlsProxyPort = parse.GetValue(tlsProxyPort),
        TeamName = parse.GetValue(team),
        TeamToken = parse.GetValue(teamToken),
        TeamFolders = parse.GetValue(teamFolders) ?? [],
        UseConsoleLifetime = true,
    };
    if (parse.GetValue(appKey) is { Length: > 0 } key)
    {
        options.Apps.Add(new EmulatorApp { AppKey = key, AppSecret = parse.GetValue(appSecret), RedirectUris = parse.GetValue(redirectUris) ?? [] });
    }
    await using var emulator = await DropboxEmulator.StartAsync(options, ct);
    Console.Out.WriteLine($"PSDropbox emulator listening on {emulator.BaseUrl.GetLeftPart(UriPartial.Authority)}");
    if (emulator.TlsProxyUrl is { } proxyUrl) Console.Out.WriteLine($"PSDropbox emulator TLS proxy on {proxyUrl.GetLeftPart(UriPartial.Authority)} (CA certificate: {emulator.TlsCaCertificatePath})");
    if (!emulator.Faults.Spec.IsNone) Console.Error.WriteLine($"Injecting faults {emulator.Faults.Spec} (fault seed {emulator.Faults.Seed})");
    if (emulator.Faults.Latency + emulator.Faults.LatencyJitter > TimeSpan.Zero)
        Console.Error.WriteLine($"Every request waits {emulator.Faults.Latency.TotalMilliseconds} ms (+ up to {emulator.Faults.LatencyJitter.TotalMilliseconds} ms)");
    Console.Out.Flush();
    using var stdinClosed = new CancellationTokenSource();
    if (parse.GetValue(exitOnStdinClose))
    {
        _ = Task.Run(async () =>
        {
            await Console.OpenStandardInput().CopyToAsync(Stream.Null);
            await stdinClosed.CancelAsync();
        });
    }
    await emulator.WaitForShutdownAsync(stdinClosed.Token);
    return 0;
});
return await root.Parse(args).InvokeAsync();
