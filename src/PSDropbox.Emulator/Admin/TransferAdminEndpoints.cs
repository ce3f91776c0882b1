using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Store;

namespace PSDropbox.Emulator.Admin;

/// <summary>
/// Test hook for transfers: GET /_emulator/upload_sessions (every session with the body bytes it stored and refused).
/// Session expiry (7 days) runs on the store's clock, which POST /_emulator/clock moves forward.
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
    }
}
