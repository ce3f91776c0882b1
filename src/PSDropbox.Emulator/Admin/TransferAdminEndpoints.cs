using System.Text.Json;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.Admin;

/// <summary>
/// Test hooks for transfers: GET /_emulator/upload_sessions (every session with the body bytes it stored and refused);
/// POST /_emulator/download_zip_limits {"max_bytes"?, "max_entries"?} (files/download_zip limits, like the CLI options).
/// Session expiry (7 days) runs on the store's clock, which POST /_emulator/clock moves forward.
/// </summary>
internal static class TransferAdminEndpoints
{
    public static void Map(WebApplication app, EmulatorStores stores)
    {
        app.MapGet("/_emulator/upload_sessions", (HttpContext http) => Http.WriteJsonAsync(http, 200, w =>
        {
            w.WriteStartArray();
            foreach (var (s, finished) in stores.Sessions.List())
            {
                w.WriteStartObject();
                w.WriteString("session_id", s.Id);
                w.WriteString("session_type", s.Concurrent ? "concurrent" : "sequential");
                w.WriteNumber("offset", s.Offset);
                w.WriteBoolean("closed", s.Closed);
                w.WriteBoolean("finished", finished);
                w.WriteNumber("bytes_accepted", s.BytesAccepted);
                w.WriteNumber("bytes_refused", s.BytesRefused);
                w.WriteString("created", MetadataJson.Timestamp(s.Created));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }));

        app.MapPost("/_emulator/download_zip_limits", async (HttpContext http) =>
        {
            JsonElement body;
            try
            {
                using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
                body = doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                body = default;
            }
            if (Limit(body, "max_bytes") is not long bytes || Limit(body, "max_entries") is not long entries)
            {
                await Http.WriteTextAsync(http, 400, "download_zip_limits: body must be JSON {\"max_bytes\": N, \"max_entries\": N} (either may be left out; N >= 0)");
                return;
            }
            var limits = stores.Transfers;
            limits.DownloadZipMaxBytes = bytes;
            limits.DownloadZipMaxEntries = entries;
            await Http.WriteJsonAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteNumber("max_bytes", limits.DownloadZipMaxBytes);
                w.WriteNumber("max_entries", limits.DownloadZipMaxEntries);
                w.WriteEndObject();
            });

            long? Limit(JsonElement e, string name) =>
                e.ValueKind != JsonValueKind.Object ? null
                : !e.TryGetProperty(name, out var v) ? (name == "max_bytes" ? stores.Transfers.DownloadZipMaxBytes : stores.Transfers.DownloadZipMaxEntries)
                : v.TryGetInt64(out long n) && n >= 0 ? n : null;
        });
    }
}
