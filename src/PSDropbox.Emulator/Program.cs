using System.CommandLine;
using PSDropbox.Emulator;

var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (0 = pick a free port)", DefaultValueFactory = _ => 0 };
var data = new Option<string>("--data") { Description = "Data directory (state survives restarts)", Required = true };
var token = new Option<string?>("--access-token") { Description = "Long-lived access token accepted for the default account" };
var seed = new Option<string?>("--seed") { Description = "Local folder merged into the default account's root at start" };

var root = new RootCommand("PSDropbox emulator: a Dropbox API v2 compatible server on 127.0.0.1") { port, data, token, seed };
root.SetAction(async (parse, ct) =>
{
    await using var emulator = await DropboxEmulator.StartAsync(new EmulatorOptions
    {
        Port = parse.GetValue(port),
        DataDirectory = parse.GetValue(data)!,
        AccessToken = parse.GetValue(token),
        SeedDirectory = parse.GetValue(seed),
        UseConsoleLifetime = true,
    }, ct);
    Console.Out.WriteLine($"PSDropbox emulator listening on {emulator.BaseUrl.GetLeftPart(UriPartial.Authority)}");
    Console.Out.Flush();
    await emulator.WaitForShutdownAsync();
    return 0;
});
return await root.Parse(args).InvokeAsync();
