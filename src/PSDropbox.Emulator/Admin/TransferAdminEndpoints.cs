using System.Text.Json;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Store;

namespace PSDropbox.Emulator.Admin;

/// <summary>
/// Test hooks for transfers: GET /_emulator/upload_sessions (every session with the body bytes it stored and refused)
/// and POST /_emulator/clock {"advance_seconds":N} (moves the clock upload-session expiry runs on).
/// </summary>
internal static class TransferAdminEndpoints
{
    public static void Map(WebApplication app, EmulatorStore store)
    {
        app.MapGet("/_emulator/upload_sessions", (HttpContext http) => Http.WriteJsonAsync(http, 200, w =>
        {
            w.WriteStartArray();
            foreach (var (s, finished) in store.ListSessions())
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

        app.MapPost("/_emulator/clock", async (HttpContext http) =>
        {
            long seconds;
            try
            {
                using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
                seconds = doc.RootElement.GetProperty("advance_seconds").GetInt64();
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                await Http.WriteTextAsync(http, 400, "clock: body must be JSON {\"advance_seconds\": N} with N >= 0");
                return;
            }
            if (seconds < 0)
            {
                await Http.WriteTextAsync(http, 400, "clock: advance_seconds must be >= 0 (time only moves forward)");
                return;
            }
            store.Clock.Advance(TimeSpan.FromSeconds(seconds));
            await Http.WriteJsonAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteString("now", store.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteEndObject();
            });
        });
    }
}
