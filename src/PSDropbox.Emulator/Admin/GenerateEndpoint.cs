using System.Globalization;
using System.Text.Json;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.Admin;

/// <summary>
/// POST /_emulator/generate {"path":"/Big","files":10001} → {"files":n}: creates that many empty files
/// (f000001.txt...) in one transaction, for tests of limits such as too_many_files without writing local files.
/// Existing files are left alone.
/// </summary>
internal static class GenerateEndpoint
{
    public const int MaxFiles = 100_000;

    public static void Map(WebApplication app, EmulatorStores stores)
    {
        app.MapPost("/_emulator/generate", async (HttpContext http) =>
        {
            var body = await AdminJson.ReadObjectAsync(http);
            string? path = AdminJson.String(body, "path");
            long count = body is { } b && b.TryGetProperty("files", out var f) && f.ValueKind == JsonValueKind.Number && f.TryGetInt64(out long n) ? n : -1;
            var spec = path is null ? null : AdminJson.TryParsePath(path);
            if (spec is not { Kind: PathKind.Path } || count is < 1 or > MaxFiles)
            {
                await Http.WriteTextAsync(http, 400, $"generate: body must be JSON {{\"path\": \"/folder\", \"files\": 1..{MaxFiles}}}");
                return;
            }
            var (hash, _) = await stores.Blobs.PutAsync(Stream.Null, http.RequestAborted);
            var account = stores.Accounts.EnsureDefault();
            int created = await stores.Database.WriteAsync(w =>
            {
                long ns = account.NamespaceId;
                var (lower, display) = w.EnsureFolders(ns, account.View.PrefixLower, account.View.PrefixDisplay, spec.Segments, spec.Segments.Count);
                int n = 0;
                for (int i = 1; i <= count; i++)
                {
                    string name = "f" + i.ToString("D6", CultureInfo.InvariantCulture) + ".txt";
                    if (w.GetLive(ns, lower + "/" + name) is null)
                    {
                        w.PutFile(ns, lower + "/" + name, display + "/" + name, name, hash, 0, w.Now);
                        n++;
                    }
                }
                return n;
            }, http.RequestAborted);
            await Http.WriteJsonAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteNumber("files", created);
                w.WriteEndObject();
            });
        });
    }
}
