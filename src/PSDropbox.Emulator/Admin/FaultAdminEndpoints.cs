using System.Text.Json;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Faults;

namespace PSDropbox.Emulator.Admin;

/// <summary>
/// GET /_emulator/faults → {"spec","seed","injected","latency_ms","latency_jitter_ms"}; POST /_emulator/faults
/// {"spec": "429=0.1,...", "seed": 42} sets them (and restarts the deterministic sequence), "latency_ms" and
/// "latency_jitter_ms" (each optional) set every request's delay; DELETE /_emulator/faults stops injecting (the latency stays).
/// </summary>
internal static class FaultAdminEndpoints
{
    public static void Map(WebApplication app, FaultInjector faults)
    {
        app.MapGet("/_emulator/faults", (HttpContext http) => WriteStateAsync(http, faults));

        app.MapDelete("/_emulator/faults", (HttpContext http) =>
        {
            faults.Set(FaultSpec.None);
            return WriteStateAsync(http, faults);
        });

        app.MapPost("/_emulator/faults", async (HttpContext http) =>
        {
            FaultSpec? spec;
            int? seed;
            double? latency, jitter;
            try
            {
                using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
                var root = doc.RootElement;
                latency = Milliseconds(root, "latency_ms");
                jitter = Milliseconds(root, "latency_jitter_ms");
                // A body with only latency fields leaves the faults as they are.
                spec = root.TryGetProperty("spec", out var s) && s.ValueKind == JsonValueKind.String ? FaultSpec.Parse(s.GetString())
                    : latency is null && jitter is null ? FaultSpec.None : null;
                seed = root.TryGetProperty("seed", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt32() : null;
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentOutOfRangeException)
            {
                await Http.WriteTextAsync(http, 400, $"faults: {e.Message} Body: {{\"spec\": \"429=0.1,503=0.05,cut=0.05\", \"seed\": 42}}");
                return;
            }
            if (spec is not null) faults.Set(spec, seed);
            if (latency is not null || jitter is not null)
                faults.SetLatency(TimeSpan.FromMilliseconds(latency ?? faults.Latency.TotalMilliseconds), TimeSpan.FromMilliseconds(jitter ?? faults.LatencyJitter.TotalMilliseconds));
            await WriteStateAsync(http, faults);
        });
    }

    private static Task WriteStateAsync(HttpContext http, FaultInjector faults) => Http.WriteJsonAsync(http, 200, w =>
    {
        w.WriteStartObject();
        w.WriteString("spec", faults.Spec.ToString());
        w.WriteNumber("seed", faults.Seed);
        w.WriteNumber("injected", faults.Injected);
        w.WriteNumber("latency_ms", faults.Latency.TotalMilliseconds);
        w.WriteNumber("latency_jitter_ms", faults.LatencyJitter.TotalMilliseconds);
        w.WriteEndObject();
    });

    private static double? Milliseconds(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.Number && value.GetDouble() >= 0
            ? value.GetDouble()
            : throw new FormatException($"{name} must be a number of milliseconds, 0 or more.");
    }
}
