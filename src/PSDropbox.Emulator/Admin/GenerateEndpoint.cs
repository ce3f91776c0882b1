using System.Globalization;
using System.Text.Json;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Store;

namespace PSDropbox.Emulator.Admin;

/// <summary>
/// POST /_emulator/generate {"path":"/Big","files":10001} → {"files":n}: creates that many empty files
/// (f000001.txt...) in one transaction, for tests of limits such as too_many_files without writing local files.
/// Existing files are left alone.
/// </summary>
internal static class GenerateEndpoint
{
    public const int MaxFiles = 100_000;

    public static void Map(WebApplication app, EmulatorStore store)
    {
        app.MapPost("/_emulator/generate", async (HttpContext http) =>
        {
            string? path;
            long count;
            try
            {
                using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
                var root = doc.RootElement;
                path = root.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                count = root.TryGetProperty("files", out var f) && f.TryGetInt64(out var n) ? n : -1;
            }
            catch (JsonException)
            {
                path = null;
                count = -1;
            }
            PathSpec? spec = null;
            try
            {
                spec = path is null ? null : PathRules.ParseValue(path, forWrite: true);
            }
            catch (PathProblemException)
            {
            }
            if (spec is not { Kind: PathKind.Path } || count is < 1 or > MaxFiles)
            {
                await Http.WriteTextAsync(http, 400, $"generate: body must be JSON {{\"path\": \"/folder\", \"files\": 1..{MaxFiles}}}");
                return;
            }
            var (hash, _) = await store.Blobs.PutAsync(Stream.Null, http.RequestAborted);
            var account = store.EnsureDefaultAccount();
            int created = await store.WriteAsync(w =>
            {
                long ns = account.NamespaceId;
                var (lower, display) = w.EnsureFolders(ns, "", "", spec.Segments, spec.Segments.Count);
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
