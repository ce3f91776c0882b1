using System.Text.Json;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Faults;

namespace PSDropbox.Emulator.Admin;

/// <summary>
/// GET /_emulator/faults → {"spec","seed","injected"}; POST /_emulator/faults {"spec": "429=0.1,...", "seed": 42} sets them
/// (and restarts the deterministic sequence); DELETE /_emulator/faults stops injecting.
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
            FaultSpec spec;
            int? seed;
            try
            {
                using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
                var root = doc.RootElement;
                spec = FaultSpec.Parse(root.TryGetProperty("spec", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null);
                seed = root.TryGetProperty("seed", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt32() : null;
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                await Http.WriteTextAsync(http, 400, $"faults: {e.Message} Body: {{\"spec\": \"429=0.1,503=0.05,cut=0.05\", \"seed\": 42}}");
                return;
            }
            faults.Set(spec, seed);
            await WriteStateAsync(http, faults);
        });
    }

    private static Task WriteStateAsync(HttpContext http, FaultInjector faults) => Http.WriteJsonAsync(http, 200, w =>
    {
        w.WriteStartObject();
        w.WriteString("spec", faults.Spec.ToString());
        w.WriteNumber("seed", faults.Seed);
        w.WriteNumber("injected", faults.Injected);
        w.WriteEndObject();
    });
}
