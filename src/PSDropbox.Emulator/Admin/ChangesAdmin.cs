using System.Text.Json;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.Admin;

/// <summary>
/// GET /_emulator/changes → the change-feed settings and journal position; POST with any of
/// {"longpoll_timeout_seconds","longpoll_jitter_seconds","longpoll_backoff_seconds","journal_keep_rows","journal_keep_seconds"}
/// changes those (null clears an optional one) and applies the retention at once, so a test can force a cursor reset.
/// </summary>
internal static class ChangesAdmin
{
    public static void Map(WebApplication app, ChangeStore changes)
    {
        app.MapGet("/_emulator/changes", (HttpContext http) => WriteStateAsync(http, changes));

        app.MapPost("/_emulator/changes", async (HttpContext http) =>
        {
            try
            {
                using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
                Apply(doc.RootElement, changes.Settings);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or OverflowException)
            {
                await Http.WriteTextAsync(http, 400, "changes: body must be a JSON object of numbers (or null), e.g. {\"journal_keep_rows\": 0}: " + e.Message);
                return;
            }
            await changes.TrimJournalAsync(http.RequestAborted);
            await WriteStateAsync(http, changes);
        });
    }

    private static void Apply(JsonElement body, ChangeSettings settings)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("not an object");
        }
        foreach (var p in body.EnumerateObject())
        {
            var v = p.Value;
            bool isNull = v.ValueKind == JsonValueKind.Null;
            switch (p.Name)
            {
                case "longpoll_timeout_seconds":
                    settings.LongpollTimeout = isNull ? null : TimeSpan.FromSeconds(v.GetDouble());
                    break;
                case "longpoll_jitter_seconds":
                    settings.LongpollJitter = TimeSpan.FromSeconds(isNull ? 90 : v.GetDouble());
                    break;
                case "longpoll_backoff_seconds":
                    settings.LongpollBackoff = isNull ? null : v.GetInt64();
                    break;
                case "journal_keep_rows":
                    settings.JournalKeepRows = isNull ? null : v.GetInt64();
                    break;
                case "journal_keep_seconds":
                    settings.JournalKeepAge = isNull ? null : TimeSpan.FromSeconds(v.GetDouble());
                    break;
                default:
                    throw new FormatException($"unknown setting \"{p.Name}\"");
            }
        }
    }

    private static Task WriteStateAsync(HttpContext http, ChangeStore changes) =>
        Http.WriteJsonAsync(http, 200, w =>
        {
            var s = changes.Settings;
            w.WriteStartObject();
            WriteSeconds(w, "longpoll_timeout_seconds", s.LongpollTimeout);
            w.WriteNumber("longpoll_jitter_seconds", s.LongpollJitter.TotalSeconds);
            WriteNumber(w, "longpoll_backoff_seconds", s.LongpollBackoff);
            WriteNumber(w, "journal_keep_rows", s.JournalKeepRows);
            WriteSeconds(w, "journal_keep_seconds", s.JournalKeepAge);
            w.WriteNumber("latest_seq", changes.LatestSeq());
            w.WriteNumber("journal_floor", changes.JournalFloor());
            w.WriteEndObject();
        });

    private static void WriteSeconds(Utf8JsonWriter w, string name, TimeSpan? value)
    {
        if (value is TimeSpan t) w.WriteNumber(name, t.TotalSeconds);
        else w.WriteNull(name);
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, long? value)
    {
        if (value is long n) w.WriteNumber(name, n);
        else w.WriteNull(name);
    }
}
