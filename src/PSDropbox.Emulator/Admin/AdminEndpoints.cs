using System.Text.Json;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.Admin;

/// <summary>
/// Test/ops API under /_emulator (no auth; the server listens on loopback only):
/// GET /_emulator/requests[?route=r][&after=seq] (only entries numbered above seq), DELETE /_emulator/requests, POST /_emulator/seed {"source","path"}.
/// </summary>
internal static class AdminEndpoints
{
    public static void Map(WebApplication app, EmulatorStores stores, RequestLog log)
    {
        app.MapGet("/_emulator/requests", (HttpContext http) =>
        {
            string? route = http.Request.Query.TryGetValue("route", out var r) && r.Count > 0 ? r.ToString() : null;
            long after = http.Request.Query.TryGetValue("after", out var a) && long.TryParse(a.ToString(), out var seq) ? seq : 0;
            var entries = log.Snapshot(route, after);
            return Http.WriteJsonAsync(http, 200, w =>
            {
                w.WriteStartArray();
                foreach (var e in entries)
                {
                    w.WriteStartObject();
                    w.WriteNumber("seq", e.Seq);
                    w.WriteString("method", e.Method);
                    w.WriteString("route", e.Route);
                    w.WriteNumber("status", e.Status);
                    w.WriteNumber("duration_ms", e.DurationMs);
                    if (e.Fault is not null)
                    {
                        w.WriteString("fault", e.Fault);
                    }
                    if (e.Range is not null)
                    {
                        w.WriteString("range", e.Range);
                    }
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            });
        });

        app.MapDelete("/_emulator/requests", (HttpContext http) =>
        {
            log.Clear();
            return Http.WriteRawJsonAsync(http, 200, "null");
        });

        app.MapPost("/_emulator/seed", async (HttpContext http) =>
        {
            string? source;
            string path;
            try
            {
                using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
                var root = doc.RootElement;
                source = root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                path = root.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : "";
            }
            catch (JsonException)
            {
                await Http.WriteTextAsync(http, 400, "seed: body must be JSON {\"source\": \"<local dir>\", \"path\": \"/dest\"}");
                return;
            }
            if (string.IsNullOrEmpty(source) || !Directory.Exists(source))
            {
                await Http.WriteTextAsync(http, 400, $"seed: source directory not found: \"{source}\"");
                return;
            }
            if (path == "/")
            {
                path = "";
            }
            try
            {
                var account = stores.Accounts.EnsureDefault();
                var (files, folders) = await stores.Seeder.SeedAsync(account, source, path, http.RequestAborted);
                await Http.WriteJsonAsync(http, 200, w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("files", files);
                    w.WriteNumber("folders", folders);
                    w.WriteEndObject();
                });
            }
            catch (PathProblemException p)
            {
                await Http.WriteTextAsync(http, 400, $"seed: bad destination path \"{path}\": {p.Message}");
            }
        });
    }
}
